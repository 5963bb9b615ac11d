package dev.otpverifier.auth;

/** Makes text from a server or a browser safe to show: printable ASCII only, and bounded. */
final class Printable {

    private Printable() {
    }

    /** {@code value} with every character outside printable ASCII dropped, cut to {@code max}. */
    static String of(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            if (c >= ' ' && c <= '~') {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    /** {@code text} with each of {@code secrets} (when non-empty) replaced by "(hidden)". */
    static String withoutSecrets(String text, java.util.List<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                result = result.replace(secret, "(hidden)");
            }
        }
        return result;
    }
}
