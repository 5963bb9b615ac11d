package dev.otpverifier.ui.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes the window's icon as PNG files for the desktop's icon theme, so that the menu entry of an
 * installed package shows the very picture the window does. Run by {@code packaging/build.sh}
 * (not shipped in the jar); it draws with {@link AppIcon#draw}, the window's own code.
 *
 * <p>Usage: {@code AppIconExport DIRECTORY SIZE...} writes {@code DIRECTORY/otp-verifier-SIZE.png}
 * for each size.
 */
public final class AppIconExport {

    private AppIconExport() {
    }

    /**
     * Writes one PNG per size.
     *
     * @param args the output directory, then one or more sizes in pixels
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: AppIconExport DIRECTORY SIZE...");
        }
        Path directory = Files.createDirectories(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            int size = Integer.parseInt(args[i]);
            if (size < 16 || size > 1024) {
                throw new IllegalArgumentException("an icon size is 16 to 1024 pixels, not " + size);
            }
            Path file = directory.resolve("otp-verifier-" + size + ".png");
            if (!ImageIO.write(AppIcon.draw(size), "png", file.toFile())) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        }
    }
}
