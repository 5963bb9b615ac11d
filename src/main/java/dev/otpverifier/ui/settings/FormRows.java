package dev.otpverifier.ui.settings;

import com.formdev.flatlaf.util.UIScale;
import dev.otpverifier.ui.common.Components;
import java.awt.GridBagConstraints;
import java.awt.Insets;
import javax.swing.Box;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;

/**
 * The settings form's grid: a label in the first column and its field across the next three, so
 * that every label of the dialog, also those of {@link LoginFields}, lines up in one column. Event
 * dispatch thread only.
 */
final class FormRows {

    private FormRows() {
    }

    /** Adds a row of the label for {@code key} and {@code field}; returns the next row. */
    static int addRow(JPanel form, int row, String key, JComponent field, String descriptionKey) {
        return addRow(form, row, Components.labelFor(key, field, descriptionKey), field);
    }

    /** Adds a row of {@code label} and {@code field}; returns the next row. */
    static int addRow(JPanel form, int row, JLabel label, JComponent field) {
        GridBagConstraints c = constraints(0, row, 1);
        c.fill = GridBagConstraints.NONE;
        c.weightx = 0;
        c.insets = new Insets(0, 0, UIScale.scale(6), UIScale.scale(12));
        form.add(label, c);
        GridBagConstraints f = fieldConstraints(row, 3);
        f.insets = new Insets(0, 0, UIScale.scale(6), 0);
        form.add(field, f);
        return row + 1;
    }

    /** Adds a small vertical gap across the form, between groups of rows. */
    static void addGap(JPanel form, int row) {
        GridBagConstraints c = constraints(0, row, 4);
        form.add(Box.createVerticalStrut(UIScale.scale(8)), c);
    }

    /** A cell at column {@code x} of {@code row}, {@code width} columns wide, filled horizontally. */
    static GridBagConstraints constraints(int x, int y, int width) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = x;
        c.gridy = y;
        c.gridwidth = width;
        c.anchor = GridBagConstraints.LINE_START;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.weightx = 1;
        return c;
    }

    /** A cell in the field columns of {@code row}, for a line under a field (a hint, a note). */
    static GridBagConstraints fieldConstraints(int row, int width) {
        GridBagConstraints c = constraints(1, row, width);
        c.insets = new Insets(0, 0, UIScale.scale(6), 0);
        return c;
    }
}
