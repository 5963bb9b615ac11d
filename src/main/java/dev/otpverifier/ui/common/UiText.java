package dev.otpverifier.ui.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The window's words, from {@code UiText.properties}.
 *
 * <p>Labels may mark their mnemonic with {@code &} ("{@code &Send code}"): {@link #plain} drops the
 * mark and {@link #mnemonicIndex} finds it, so translations choose their own mnemonics. Texts with
 * arguments go through {@link MessageFormat}; they use the typographic apostrophe (’), so no quote
 * doubling is needed. Stateless and thread safe; no Swing.
 */
public final class UiText {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("dev.otpverifier.ui.common.UiText");

    private UiText() {
    }

    /** The text for {@code key}, as written (with any {@code &} mark). */
    public static String raw(String key) {
        return BUNDLE.getString(key);
    }

    /** The text for {@code key} without its mnemonic mark. */
    public static String plain(String key) {
        return stripMnemonic(raw(key));
    }

    /** The text for {@code key} with {@code arguments} filled in. */
    public static String format(String key, Object... arguments) {
        return new MessageFormat(raw(key), Locale.getDefault(Locale.Category.FORMAT)).format(arguments);
    }

    /** The index of the mnemonic character in {@link #plain(String)}, or -1. */
    public static int mnemonicIndex(String key) {
        return mnemonicIndexOf(raw(key));
    }

    /** {@code text} without the {@code &} mark; {@code &&} stands for a literal ampersand. */
    static String stripMnemonic(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '&' && i + 1 < text.length()) {
                i++;
                out.append(text.charAt(i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Where the character after the first single {@code &} lands in {@link #stripMnemonic}, or -1. */
    static int mnemonicIndexOf(String text) {
        int plainIndex = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '&' && i + 1 < text.length()) {
                if (text.charAt(i + 1) != '&') {
                    return plainIndex;
                }
                i++;
            }
            plainIndex++;
        }
        return -1;
    }
}
