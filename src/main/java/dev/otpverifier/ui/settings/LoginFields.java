package dev.otpverifier.ui.settings;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import dev.otpverifier.ui.common.Components;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.settings.SettingsForm.Field;
import dev.otpverifier.ui.settings.SettingsForm.Input;
import java.awt.BorderLayout;
import java.awt.event.KeyEvent;
import java.util.List;
import java.util.Set;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JTextField;
import javax.swing.event.DocumentListener;

/**
 * The login part of the settings dialog: the sign-in method, the user name (with a sign-in, the
 * account signed in with, which only signing in changes), the password with its "Show" box, and
 * the note shown instead of a password typed here when it comes from the environment.
 *
 * <p>Its rows go into the dialog's grid ({@link FormRows}), so that their labels line up with the
 * others; the rules for what the fields must hold are {@link SettingsForm}'s, which this only
 * shows as outlines. With a sign-in, {@link SignInFields} takes the password's place. Event
 * dispatch thread only.
 */
final class LoginFields {

    private final JComboBox<SignInMethod> methodBox = new JComboBox<>();
    private final JTextField usernameField = new JTextField(22);
    private final JLabel usernameLabel = Components.labelFor("settings.username", usernameField, null);
    private final JPasswordField passwordField = new JPasswordField(22);
    private final JLabel passwordLabel = Components.labelFor("settings.password", passwordField, null);
    private final JPanel passwordRow = new JPanel(new BorderLayout(UIScale.scale(8), 0));
    private final JCheckBox showPasswordBox = new JCheckBox();
    private final JLabel environmentNote = new JLabel();
    private final char echoChar;
    private boolean passwordFromEnvironment;
    private SignInMethod shownMethod = SignInMethod.PASSWORD;

    LoginFields() {
        this.echoChar = passwordField.getEchoChar();
        initComponents();
        initListeners();
    }

    private void initComponents() {
        methodBox.setName("signInMethod");
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

    /**
     * Adds the method row, the user name row, the password row and the environment note to
     * {@code form}; returns the next row.
     */
    int addRows(JPanel form, int row) {
        int next = FormRows.addRow(form, row, "settings.method", methodBox, "settings.method.description");
        next = FormRows.addRow(form, next, usernameLabel, usernameField);
        passwordRow.setOpaque(false);
        passwordRow.add(passwordField, BorderLayout.CENTER);
        passwordRow.add(showPasswordBox, BorderLayout.LINE_END);
        next = FormRows.addRow(form, next, passwordLabel, passwordRow);
        form.add(environmentNote, FormRows.fieldConstraints(next++, 3));
        return next;
    }

    /** Calls {@code listener} whenever the user name or the password is edited (also by {@link #fill}). */
    void addDocumentListener(DocumentListener listener) {
        usernameField.getDocument().addDocumentListener(listener);
        passwordField.getDocument().addDocumentListener(listener);
    }

    /** Calls {@code listener} whenever another method is chosen (also by {@link #setMethods}). */
    void addMethodListener(Runnable listener) {
        methodBox.addActionListener(event -> listener.run());
    }

    // ---- handlers ------------------------------------------------------------------------------

    private void showPasswordToggled() {
        passwordField.setEchoChar(showPasswordBox.isSelected() ? (char) 0 : echoChar);
    }

    // ---- state ---------------------------------------------------------------------------------

    /**
     * Shows the login of {@code input} (not its method: {@link #setMethods} chooses that, with the
     * choices); a password from the environment cannot be edited here.
     */
    void fill(Input input) {
        passwordFromEnvironment = input.passwordFromEnvironment();
        usernameField.setText(input.username());
        passwordField.setText(input.password());
        passwordField.setEnabled(!passwordFromEnvironment);
        showPasswordBox.setEnabled(!passwordFromEnvironment);
        showMethod(shownMethod);
    }

    /** Offers {@code choices}, {@code selected} chosen; a single choice is shown but cannot be opened. */
    void setMethods(List<SignInMethod> choices, SignInMethod selected) {
        DefaultComboBoxModel<SignInMethod> model = new DefaultComboBoxModel<>(choices.toArray(new SignInMethod[0]));
        model.setSelectedItem(selected);
        methodBox.setModel(model);
        methodBox.setEnabled(choices.size() > 1);
    }

    /** Lets the method be changed, or not (while a sign-in runs); a single choice stays unchangeable. */
    void setMethodEnabled(boolean enabled) {
        methodBox.setEnabled(enabled && methodBox.getItemCount() > 1);
    }

    /** The method chosen. */
    SignInMethod method() {
        SignInMethod method = (SignInMethod) methodBox.getSelectedItem();
        return method == null ? SignInMethod.PASSWORD : method;
    }

    /**
     * Shows the rows of {@code method}: the password for a password login; with a sign-in, the
     * user name becomes the account, which only signing in fills in.
     */
    void showMethod(SignInMethod method) {
        shownMethod = method;
        boolean password = !method.signsIn();
        passwordLabel.setVisible(password);
        passwordRow.setVisible(password);
        environmentNote.setVisible(password && passwordFromEnvironment);
        usernameField.setEditable(password);
        // Still focusable with a sign-in: the account can be read and copied, and a screen reader reaches it.
        String key = password ? "settings.username" : "settings.account";
        usernameLabel.setText(UiText.plain(key));
        int index = UiText.mnemonicIndex(key);
        usernameLabel.setDisplayedMnemonic(index < 0 ? 0
                : KeyEvent.getExtendedKeyCodeForChar(UiText.plain(key).charAt(index)));
        usernameLabel.setDisplayedMnemonicIndex(index);
        String description = password ? null : UiText.plain("settings.account.description");
        usernameField.getAccessibleContext().setAccessibleName(UiText.plain(key));
        usernameField.getAccessibleContext().setAccessibleDescription(description);
        usernameField.setToolTipText(description);
        usernameField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT,
                password ? null : UiText.plain("settings.account.placeholder"));
    }

    /** Shows the account a sign-in was for as the user name. */
    void setAccount(String account) {
        usernameField.setText(account);
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
