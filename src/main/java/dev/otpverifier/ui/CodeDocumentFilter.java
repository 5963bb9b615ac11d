package dev.otpverifier.ui;

import java.util.Optional;
import javax.swing.UIManager;
import javax.swing.text.AttributeSet;
import javax.swing.text.BadLocationException;
import javax.swing.text.DocumentFilter;

/**
 * Lets into the code field only what {@link CodeInput#edit} allows: digits, up to six, or one
 * code found in pasted text. A refused edit beeps (the look and feel's error feedback) and changes
 * nothing. Event dispatch thread only, like the document it guards.
 */
final class CodeDocumentFilter extends DocumentFilter {

    @Override
    public void insertString(FilterBypass bypass, int offset, String text, AttributeSet attributes)
            throws BadLocationException {
        replace(bypass, offset, 0, text, attributes);
    }

    @Override
    public void remove(FilterBypass bypass, int offset, int length) throws BadLocationException {
        replace(bypass, offset, length, "", null);
    }

    @Override
    public void replace(FilterBypass bypass, int offset, int length, String text, AttributeSet attributes)
            throws BadLocationException {
        String current = bypass.getDocument().getText(0, bypass.getDocument().getLength());
        Optional<String> result = CodeInput.edit(current, offset, length, text);
        if (result.isEmpty()) {
            UIManager.getLookAndFeel().provideErrorFeedback(null);
            return;
        }
        String head = current.substring(0, offset);
        String tail = current.substring(offset + length);
        String next = result.get();
        if (next.startsWith(head) && next.endsWith(tail) && next.length() >= head.length() + tail.length()) {
            // An ordinary edit: change only the edited range, so the caret stays where the person typed.
            bypass.replace(offset, length, next.substring(head.length(), next.length() - tail.length()), attributes);
        } else {
            bypass.replace(0, current.length(), next, attributes);
        }
    }
}
