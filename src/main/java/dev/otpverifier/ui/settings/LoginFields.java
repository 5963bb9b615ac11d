package dev.otpverifier.ui.settings;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import dev.otpverifier.ui.common.Components;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.settings.SettingsForm.Field;
import dev.otpverifier.ui.settings.SettingsForm.Input;
import java.awt.BorderLayout;
import java.util.Set;
import javax.swing.JCheckBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JTextField;
import javax.swing.event.DocumentListener;

/**
 * The login part of the settings dialog: the user name, the password with its "Show" box, and the
 * note shown instead of a password typed here when it comes from the environment.
 *
 * <p>Its rows go into the dialog's grid ({@link FormRows}), so that their labels line up with the
 * others; the rules for what the fields must hold are {@link SettingsForm}'s, which this only
 * shows as outlines. It is the one place that knows how the dialog logs in to the server, so that
 * another way of signing in can take its place. Event dispatch thread only.
 */
final class LoginFields {

    private final JTextField usernameField = new JTextField(22);
    private final JPasswordField passwordField = new JPasswordField(22);
    private final JCheckBox showPasswordBox = new JCheckBox();
    private final JLabel environmentNote = new JLabel();
    private final char echoChar;
    private boolean passwordFromEnvironment;

    LoginFields() {
        this.echoChar = passwordField.getEchoChar();
        initComponents();
        initListeners();
    }

    private void initComponents() {
        usernameField.setName("username");
        passwordField.setName("password");
        showPasswordBox.setName("showPassword");
        Components.labelled(showPasswordBox, "settings.password.show", null);
        environmentNote.setName("passwordEnvironmentNote");
        environmentNote.setText(UiText.plain("settings.password.environment"));
        environmentNote.putClientProperty(FlatClientProperties.STYLE, "foreground: $Label.disabledForeground");
    }

    private void initListeners() {
        showPasswordBox.addActionListener(event -> showPasswordToggled());
    }

    /** Adds the user name row, the password row and the environment note to {@code form}; returns the next row. */
    int addRows(JPanel form, int row) {
        int next = FormRows.addRow(form, row, "settings.username", usernameField, null);
        JPanel passwordRow = new JPanel(new BorderLayout(UIScale.scale(8), 0));
        passwordRow.setOpaque(false);
        passwordRow.add(passwordField, BorderLayout.CENTER);
        passwordRow.add(showPasswordBox, BorderLayout.LINE_END);
        next = FormRows.addRow(form, next, Components.labelFor("settings.password", passwordField, null), passwordRow);
        form.add(environmentNote, FormRows.fieldConstraints(next++, 3));
        return next;
    }

    /** Calls {@code listener} whenever the user name or the password is edited (also by {@link #fill}). */
    void addDocumentListener(DocumentListener listener) {
        usernameField.getDocument().addDocumentListener(listener);
        passwordField.getDocument().addDocumentListener(listener);
    }

    // ---- handlers ------------------------------------------------------------------------------

    private void showPasswordToggled() {
        passwordField.setEchoChar(showPasswordBox.isSelected() ? (char) 0 : echoChar);
    }

    // ---- state ---------------------------------------------------------------------------------

    /** Shows the login of {@code input}; a password from the environment cannot be edited here. */
    void fill(Input input) {
        passwordFromEnvironment = input.passwordFromEnvironment();
        usernameField.setText(input.username());
        passwordField.setText(input.password());
        passwordField.setEnabled(!passwordFromEnvironment);
        showPasswordBox.setEnabled(!passwordFromEnvironment);
        environmentNote.setVisible(passwordFromEnvironment);
    }

    /** The user name as typed. */
    String username() {
        return usernameField.getText();
    }

    /** The password as typed. */
    String password() {
        return new String(passwordField.getPassword());
    }

    /** Whether the password is the one from the environment, which the fields do not hold. */
    boolean passwordFromEnvironment() {
        return passwordFromEnvironment;
    }

    /** Outlines the user name and the password when they are among {@code wrong}, and clears them otherwise. */
    void showProblems(Set<Field> wrong) {
        usernameField.putClientProperty(FlatClientProperties.OUTLINE,
                wrong.contains(Field.USERNAME) ? FlatClientProperties.OUTLINE_ERROR : null);
        passwordField.putClientProperty(FlatClientProperties.OUTLINE,
                wrong.contains(Field.PASSWORD) ? FlatClientProperties.OUTLINE_ERROR : null);
    }
}
