package dev.otpverifier.ui;

import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.ui.FlatTextFieldUI;
import com.formdev.flatlaf.util.ColorFunctions;
import javax.swing.JTextField;
import javax.swing.UIManager;

/**
 * The field the code is typed into: a text field whose placeholder ("000000") is fainter than
 * FlatLaf's usual one, so that it does not look like a code in the field's large type.
 *
 * <p>The colour is set by a small subclass of FlatLaf's text field look rather than by FlatLaf's
 * {@code FlatLaf.style} property: the style parser reads its settings through reflection on
 * annotations, whose first use cost the first frame about 10 ms.
 */
final class CodeField extends JTextField {

    private static final long serialVersionUID = 1L;
    /** The placeholder's opacity: 45% of FlatLaf's placeholder colour. */
    static final float PLACEHOLDER_OPACITY = 0.45f;

    CodeField(int columns) {
        super(columns);
    }

    @Override
    public void updateUI() {
        if (UIManager.getLookAndFeel() instanceof FlatLaf) {
            setUI(new FaintPlaceholderUI());
            invalidate();
        } else {
            super.updateUI();
        }
    }

    /** FlatLaf's text field look with the fainter placeholder; installed again on every theme change. */
    static final class FaintPlaceholderUI extends FlatTextFieldUI {
        @Override
        protected void installDefaults() {
            super.installDefaults();
            if (placeholderForeground != null) {
                placeholderForeground = ColorFunctions.fade(placeholderForeground, PLACEHOLDER_OPACITY);
            }
        }
    }
}
