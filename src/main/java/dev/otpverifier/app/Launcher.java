package dev.otpverifier.app;

/**
 * The jar's entry point: a start without arguments (a double-click) opens the window through
 * {@link FastStart} when it can; everything else goes straight to {@link Main}. Kept apart from
 * {@code Main} so that the first process of a fast start loads as little as possible.
 */
public final class Launcher {

    private Launcher() {
    }

    /**
     * Runs OTP Verifier.
     *
     * @param args the command line; see {@code --help}
     */
    public static void main(String[] args) {
        if (args.length == 0) {
            int status = FastStart.start();
            if (status != FastStart.NOT_STARTED) {
                System.exit(status);
            }
        }
        Main.main(args);
    }
}
