package dev.otpverifier.ui.common;

import java.awt.event.KeyEvent;
import javax.swing.AbstractButton;
import javax.swing.JComponent;
import javax.swing.JLabel;

/**
 * Small factories that give every control its text, mnemonic and accessible name and description
 * from {@link UiText}, so no control is forgotten by screen readers. Event dispatch thread only.
 */
public final class Components {

    private Components() {
    }

    /** Sets the text and mnemonic of {@code button} from {@code key}, and its accessible description. */
    public static <B extends AbstractButton> B labelled(B button, String key, String descriptionKey) {
        setText(button, key);
        describe(button, UiText.plain(key), descriptionKey == null ? null : UiText.plain(descriptionKey));
        return button;
    }

    /** Sets text and mnemonic of {@code button} from {@code key}. */
    public static void setText(AbstractButton button, String key) {
        button.setText(UiText.plain(key));
        int index = UiText.mnemonicIndex(key);
        if (index >= 0) {
            button.setMnemonic(KeyEvent.getExtendedKeyCodeForChar(UiText.plain(key).charAt(index)));
            button.setDisplayedMnemonicIndex(index);
        } else {
            button.setMnemonic(0);
        }
    }

    /** A label for {@code target}: its mnemonic moves the focus there, and it names the target. */
    public static JLabel labelFor(String key, JComponent target, String descriptionKey) {
        JLabel label = new JLabel(UiText.plain(key));
        int index = UiText.mnemonicIndex(key);
        if (index >= 0) {
            label.setDisplayedMnemonic(KeyEvent.getExtendedKeyCodeForChar(UiText.plain(key).charAt(index)));
            label.setDisplayedMnemonicIndex(index);
        }
        label.setLabelFor(target);
        describe(target, UiText.plain(key), descriptionKey == null ? null : UiText.plain(descriptionKey));
        return label;
    }

    /** Sets the accessible name and description of {@code component}. */
    public static void describe(JComponent component, String name, String description) {
        component.getAccessibleContext().setAccessibleName(name);
        if (description != null) {
            component.getAccessibleContext().setAccessibleDescription(description);
            component.setToolTipText(description);
        }
    }
}
