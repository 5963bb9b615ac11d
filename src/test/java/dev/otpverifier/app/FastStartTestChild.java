package dev.otpverifier.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for the window process in {@link FastStartTest}: writes {@code args[1]} (the archive a
 * real window process would dump at exit) when given, then exits with {@code args[0]}.
 */
public final class FastStartTestChild {

    private FastStartTestChild() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), "archive");
        }
        System.exit(Integer.parseInt(args[0]));
    }
}
