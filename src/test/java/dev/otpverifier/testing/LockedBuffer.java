package dev.otpverifier.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Captured output that one thread writes while another reads it, for tests of the terminal mode. */
public final class LockedBuffer {

    private LockedBuffer() {
    }

    /** A stream whose writes lock {@code target}, so that {@link #text} sees whole writes. */
    public static OutputStream locked(ByteArrayOutputStream target) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (target) {
                    target.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (target) {
                    target.write(b, off, len);
                }
            }
        };
    }

    /** What was written so far, as UTF-8 text. */
    public static String text(ByteArrayOutputStream target) {
        synchronized (target) {
            return target.toString(StandardCharsets.UTF_8);
        }
    }
}
