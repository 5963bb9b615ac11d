package dev.otpverifier.ui;

import java.awt.HeadlessException;
import java.awt.Toolkit;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;

/** Reads the system clipboard's text without failing: a busy or foreign clipboard is just empty. */
final class Clipboards {

    private static final Logger LOG = System.getLogger("dev.otpverifier.ui");

    private Clipboards() {
    }

    /** The clipboard's text, or empty when it holds none or cannot be read right now. */
    static Optional<String> text() {
        try {
            var clipboard = Toolkit.getDefaultToolkit().getSystemClipboard();
            if (!clipboard.isDataFlavorAvailable(DataFlavor.stringFlavor)) {
                return Optional.empty();
            }
            return Optional.ofNullable((String) clipboard.getData(DataFlavor.stringFlavor));
        } catch (IllegalStateException | UnsupportedFlavorException | IOException | HeadlessException e) {
            // Another application may hold the clipboard this instant; the offer simply does not appear.
            LOG.log(Level.DEBUG, "Clipboard not readable: {0}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
