package dev.otpverifier.otp;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks, keys and masks email addresses, with no mail library.
 *
 * <p>The accepted form is deliberately narrower than RFC 5322 allows, because every accepted address
 * ends up in a mail header: a dot-atom local part of ASCII characters (RFC 5322 3.2.3, at most 64
 * octets, RFC 5321 4.5.3.1.1), an {@code @}, and a host name of at least two labels (internationalised
 * names are accepted and converted with IDNA, RFC 5891), at most 254 characters in all (RFC 5321
 * 4.5.3.1.3 with errata 1690). Quoted local parts, comments, domain literals, trailing dots, spaces and
 * control characters of any kind are rejected. Stateless and thread safe.
 */
public final class EmailAddresses {

    /** The longest address accepted, in characters (RFC 5321 path limit less the angle brackets). */
    public static final int MAX_LENGTH = 254;

    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String ATEXT_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    private EmailAddresses() {
    }

    /**
     * Whether a code may be sent to this address.
     *
     * @param address what was typed, with or without surrounding spaces; may be {@code null}
     * @return {@code true} if {@link #toAscii(String)} would give an address
     */
    public static boolean isValid(String address) {
        return toAscii(address).isPresent();
    }

    /**
     * The address as it goes on the wire: trimmed, with the domain in ASCII (IDNA) and lower case.
     *
     * @param address what was typed; may be {@code null}
     * @return the address, or empty when it is not acceptable
     */
    public static Optional<String> toAscii(String address) {
        if (address == null || address.length() > MAX_LENGTH * 4) {
            return Optional.empty();
        }
        String trimmed = address.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH || hasControlOrSpace(trimmed)) {
            return Optional.empty();
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            return Optional.empty();
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1);
        if (!isDotAtom(local)) {
            return Optional.empty();
        }
        Optional<String> asciiDomain = asciiDomain(domain);
        if (asciiDomain.isEmpty()) {
            return Optional.empty();
        }
        String result = local + "@" + asciiDomain.get();
        return result.length() <= MAX_LENGTH ? Optional.of(result) : Optional.empty();
    }

    /**
     * The key under which an address's codes and limits are kept: the ASCII form in lower case, so
     * that {@code Alice@Example.com} and {@code alice@example.com } share one set of limits.
     *
     * @param address what was typed
     * @return the key, or empty when the address is not acceptable
     */
    public static Optional<String> key(String address) {
        return toAscii(address).map(EmailAddresses::keyOfAscii);
    }

    /** The key of an address already in the form {@link #toAscii(String)} gives. */
    static String keyOfAscii(String ascii) {
        return ascii.toLowerCase(Locale.ROOT);
    }

    /**
     * The address with its local part hidden, for logs and screens: {@code a***@example.com}.
     *
     * @param address any text; need not be valid
     * @return a masked form that never reveals more than the first character of the local part
     */
    public static String mask(String address) {
        if (address == null) {
            return "***";
        }
        String trimmed = address.strip();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || trimmed.length() > MAX_LENGTH || hasControlOrSpace(trimmed)) {
            return "***";
        }
        int first = trimmed.codePointAt(0);
        return new StringBuilder().appendCodePoint(first).append("***").append(trimmed.substring(at)).toString();
    }

    private static boolean hasControlOrSpace(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            int type = Character.getType(codePoint);
            if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                    || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDotAtom(String local) {
        if (local.isEmpty() || local.length() > MAX_LOCAL_LENGTH
                || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || ATEXT_SPECIALS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> asciiDomain(String domain) {
        if (domain.endsWith(".") || domain.startsWith(".") || domain.contains("..")
                || domain.startsWith("[")) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException notAHostName) {
            return Optional.empty();
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.isEmpty() || ascii.length() > MAX_LENGTH - 2) {
            return Optional.empty();
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!isLdhLabel(label)) {
                return Optional.empty();
            }
        }
        String topLevel = labels[labels.length - 1];
        if (topLevel.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty(); // an IP address written as a name, or nonsense
        }
        return Optional.of(ascii);
    }

    private static boolean isLdhLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH
                || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
