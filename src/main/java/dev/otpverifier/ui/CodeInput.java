package dev.otpverifier.ui;

import dev.otpverifier.otp.Codes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the code field: what typing and pasting may put into it.
 *
 * <p>The field holds at most six ASCII digits. Typed or pasted digits are inserted (spaces and
 * hyphens between them are dropped, other scripts' digits become ASCII); a paste that is not only
 * digits is searched for exactly one six-digit code ("Your code is 123 456."), which then replaces
 * the field's content; anything else, such as a typed letter, is refused. Stateless and thread
 * safe; no Swing (the Swing side is a {@link javax.swing.text.DocumentFilter} that asks this class).
 */
final class CodeInput {

    /**
     * Six digits, optionally split 3+3 by one space or hyphen, not touching further digits (so
     * phone numbers and long numbers do not count).
     */
    private static final Pattern CODE = Pattern.compile(
            "(?<![0-9][ \\-]?)([0-9]{3})[ \\-]?([0-9]{3})(?![ \\-]?[0-9])");

    private CodeInput() {
    }

    /**
     * The one six-digit code in a text, such as a pasted line or the clipboard.
     *
     * @param text any text; may be {@code null}
     * @return the code as six ASCII digits, or empty when the text holds no code or more than one
     *     different code
     */
    static Optional<String> extract(String text) {
        if (text == null || text.length() > 10_000) {
            return Optional.empty();
        }
        String whole = Codes.normalize(text.strip()).orElse(null);
        if (whole != null) {
            return Optional.of(whole);
        }
        Matcher matcher = CODE.matcher(asciiDigitsAndSeparators(text));
        String found = null;
        while (matcher.find()) {
            String code = matcher.group(1) + matcher.group(2);
            if (found != null && !found.equals(code)) {
                return Optional.empty();
            }
            found = code;
        }
        return Optional.ofNullable(found);
    }

    /**
     * The field's content after an edit, or empty when the edit is refused.
     *
     * @param current the content now (at most six ASCII digits)
     * @param offset where the edit starts
     * @param removed how many characters it replaces
     * @param inserted what is typed or pasted; may be {@code null} or empty for a deletion
     */
    static Optional<String> edit(String current, int offset, int removed, String inserted) {
        String head = current.substring(0, offset);
        String tail = current.substring(offset + removed);
        String text = inserted == null ? "" : inserted;
        String digits = onlyDigits(text);
        if (digits != null) {
            String result = head + digits + tail;
            if (result.length() <= Codes.LENGTH) {
                return Optional.of(result);
            }
            // A whole code pasted over a partly filled field replaces it rather than being refused.
            return digits.length() == Codes.LENGTH ? Optional.of(digits) : Optional.empty();
        }
        return extract(text);
    }

    /** The digits of {@code text} as ASCII if it is only digits, spaces and hyphens; else {@code null}. */
    private static String onlyDigits(String text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            int value = Character.digit(codePoint, 10);
            if (Character.isDigit(codePoint) && value >= 0) {
                digits.append((char) ('0' + value));
            } else if (!isSeparator(codePoint)) {
                return null;
            }
        }
        return digits.toString();
    }

    /** Maps every decimal digit to ASCII and every kind of space or dash to a plain one. */
    private static String asciiDigitsAndSeparators(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            int value = Character.digit(codePoint, 10);
            if (Character.isDigit(codePoint) && value >= 0) {
                out.append((char) ('0' + value));
            } else if (Character.getType(codePoint) == Character.SPACE_SEPARATOR) {
                out.append(' ');
            } else if (Character.getType(codePoint) == Character.DASH_PUNCTUATION || codePoint == '\u2212') {
                out.append('-');
            } else {
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString();
    }

    private static boolean isSeparator(int codePoint) {
        return codePoint == ' ' || codePoint == '\t'
                || Character.getType(codePoint) == Character.SPACE_SEPARATOR
                || Character.getType(codePoint) == Character.DASH_PUNCTUATION
                || codePoint == '\u2212';
    }
}
