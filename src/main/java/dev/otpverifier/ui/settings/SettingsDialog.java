package dev.otpverifier.ui.settings;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import dev.otpverifier.config.Security;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.ui.common.Components;
import dev.otpverifier.ui.common.NoticePanel;
import dev.otpverifier.ui.common.Tone;
import dev.otpverifier.ui.common.Tones;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.settings.SettingsForm.Field;
import dev.otpverifier.ui.settings.SettingsForm.Input;
import dev.otpverifier.ui.settings.SettingsForm.Problem;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Window;
import java.awt.event.KeyEvent;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JDialog;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.SwingWorker;
import javax.swing.WindowConstants;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.filechooser.FileNameExtensionFilter;

/**
 * The mail settings: every SMTP setting, provider presets with a hint each, how to log in (a
 * password, or signing in with Microsoft or Google), "Test connection", "Send test email" and
 * "Save".
 *
 * <p>The rules are in {@link SettingsForm} and {@link SignInForm}: the buttons are enabled only
 * while every field is right, and the first wrong field is named and outlined. The login rows are
 * {@link LoginFields}, the sign-in rows {@link SignInFields}. The slow {@link SettingsServices} calls
 * run in {@link SwingWorker}s; their outcome is reported in plain words inside the dialog. Event
 * dispatch thread only.
 */
public final class SettingsDialog extends JDialog {

    private static final Logger LOG = System.getLogger("dev.otpverifier.ui");

    private final transient SettingsServices services;
    private final transient Optional<SmtpConfig> previous;

    /** Which file these settings are read from and saved to: who can change it decides where the password goes. */
    private final JLabel fileLabel = new JLabel();
    private final JComboBox<MailProvider> providerBox = new JComboBox<>(MailProvider.values());
    /** Wide enough for every provider's hint, so that choosing another provider never cuts one off. */
    private final JLabel hintLabel = new JLabel() {
        private static final long serialVersionUID = 1L;

        @Override
        public Dimension getPreferredSize() {
            Dimension size = super.getPreferredSize();
            java.awt.FontMetrics metrics = getFontMetrics(getFont());
            Insets insets = getInsets();
            for (MailProvider provider : MailProvider.values()) {
                size.width = Math.max(size.width,
                        metrics.stringWidth(provider.hint()) + insets.left + insets.right + 2);
            }
            return size;
        }
    };
    private final JTextField hostField = new JTextField(22);
    private final JTextField portField = new JTextField(5);
    private final JComboBox<Security> securityBox = new JComboBox<>(Security.values());
    private final LoginFields login = new LoginFields();
    private final transient SignInFields signIn;
    private final JTextField trustField = new JTextField(22);
    private final JButton browseButton = new JButton();
    private final JTextField timeoutField = new JTextField(5);
    private final JTextField fromField = new JTextField(22);
    private final JTextField fromNameField = new JTextField(22);
    private final JLabel problemLabel = new JLabel(" ");
    private final NoticePanel resultNotice = new NoticePanel("settingsResult");
    /** The values as opened or last saved: closing with others asks first. */
    private transient Input savedInput;
    private final JButton testButton = new JButton();
    private final JButton sendTestButton = new JButton();
    private final JButton saveButton = new JButton();
    private final JButton cancelButton = new JButton();
    private final Map<Field, JComponent> fieldComponents = new EnumMap<>(Field.class);
    private boolean working;
    private boolean filling;

    /**
     * Creates the dialog, filled with the settings in use or, without any, with Gmail's server.
     *
     * @param owner the main window
     * @param services where the settings come from and go to
     */
    public SettingsDialog(Window owner, SettingsServices services) {
        super(owner, UiText.plain("settings.title"), ModalityType.DOCUMENT_MODAL);
        this.services = services;
        this.previous = services.smtpSettings();
        this.signIn = new SignInFields(services, new SignInOwner());
        initComponents();
        initLayout();
        initListeners();
        fill(previous.map(SettingsForm::inputOf)
                .or(() -> services.settingsDraft().map(SettingsForm::inputOf))
                .orElseGet(SettingsForm::blank));
        savedInput = input();
        validateFields();
        // The smallest size is the form's without the problems: once they are fixed, the dialog can
        // be made as small as it would have opened without them.
        boolean problemsShown = problemLabel.isVisible();
        problemLabel.setVisible(false);
        pack();
        setMinimumSize(getSize());
        problemLabel.setVisible(problemsShown);
        pack();
        setLocationRelativeTo(owner);
        previous.filter(settings -> settings.oauthSettings().isPresent()).ifPresent(signIn::checkSavedSignIn);
    }

    /** Closing cancels a sign-in that waits for the browser: nothing of it is saved then. */
    @Override
    public void dispose() {
        if (signIn != null) {
            signIn.close();
        }
        super.dispose();
    }

    // ---- construction --------------------------------------------------------------------------

    private void initComponents() {
        setName("settings");
        // Closing asks first when there are unsaved changes (closeAsked).
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        fileLabel.setName("settingsFile");
        fileLabel.putClientProperty(FlatClientProperties.STYLE, "foreground: $Label.disabledForeground");
        showSettingsFile();
        providerBox.setName("provider");
        hintLabel.setName("providerHint");
        hintLabel.putClientProperty(FlatClientProperties.STYLE, "foreground: $Label.disabledForeground");
        hostField.setName("host");
        portField.setName("port");
        securityBox.setName("security");
        securityBox.setRenderer(new javax.swing.DefaultListCellRenderer() {
            @Override
            public java.awt.Component getListCellRendererComponent(javax.swing.JList<?> list, Object value,
                    int index, boolean isSelected, boolean cellHasFocus) {
                String text = value == Security.SSL ? UiText.plain("settings.security.ssl")
                        : UiText.plain("settings.security.starttls");
                return super.getListCellRendererComponent(list, text, index, isSelected, cellHasFocus);
            }
        });
        trustField.setName("trust");
        trustField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, UiText.plain("settings.trust.placeholder"));
        browseButton.setName("browse");
        Components.labelled(browseButton, "settings.trust.browse", "settings.trust.chooser");
        timeoutField.setName("timeout");
        fromField.setName("from");
        fromNameField.setName("fromName");
        problemLabel.setName("settingsProblem");
        testButton.setName("testConnection");
        Components.labelled(testButton, "settings.test", "settings.test.description");
        sendTestButton.setName("sendTest");
        Components.labelled(sendTestButton, "settings.sendTest", "settings.sendTest.description");
        saveButton.setName("save");
        Components.labelled(saveButton, "settings.save", null);
        cancelButton.setName("cancel");
        Components.labelled(cancelButton, "settings.cancel", null);
        fieldComponents.put(Field.HOST, hostField);
        fieldComponents.put(Field.PORT, portField);
        fieldComponents.put(Field.TRUST, trustField);
        fieldComponents.put(Field.TIMEOUT, timeoutField);
        fieldComponents.put(Field.FROM, fromField);
        fieldComponents.put(Field.FROM_NAME, fromNameField);
    }

    private void initLayout() {
        JPanel form = new JPanel(new GridBagLayout());
        form.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(16), UIScale.scale(20), UIScale.scale(8),
                UIScale.scale(20)));
        int row = 0;
        JLabel intro = new JLabel(UiText.plain("settings.intro"));
        GridBagConstraints c = FormRows.constraints(0, row++, 4);
        c.insets = new Insets(0, 0, UIScale.scale(4), 0);
        form.add(intro, c);
        GridBagConstraints file = FormRows.constraints(0, row++, 4);
        file.insets = new Insets(0, 0, UIScale.scale(14), 0);
        form.add(fileLabel, file);

        row = FormRows.addRow(form, row, "settings.provider", providerBox, null);
        form.add(hintLabel, FormRows.fieldConstraints(row++, 3));
        FormRows.addGap(form, row++);

        JPanel hostRow = new JPanel(new BorderLayout(UIScale.scale(8), 0));
        hostRow.setOpaque(false);
        hostRow.add(hostField, BorderLayout.CENTER);
        JPanel portPanel = new JPanel(new BorderLayout(UIScale.scale(6), 0));
        portPanel.setOpaque(false);
        portPanel.add(Components.labelFor("settings.port", portField, null), BorderLayout.LINE_START);
        portPanel.add(portField, BorderLayout.CENTER);
        hostRow.add(portPanel, BorderLayout.LINE_END);
        JLabel hostLabel = Components.labelFor("settings.host", hostField, null);
        row = FormRows.addRow(form, row, hostLabel, hostRow);
        row = FormRows.addRow(form, row, "settings.security", securityBox, null);
        FormRows.addGap(form, row++);
        row = login.addRows(form, row);
        row = signIn.addRows(form, row);
        JPanel trustRow = new JPanel(new BorderLayout(UIScale.scale(8), 0));
        trustRow.setOpaque(false);
        trustRow.add(trustField, BorderLayout.CENTER);
        trustRow.add(browseButton, BorderLayout.LINE_END);
        row = FormRows.addRow(form, row, Components.labelFor("settings.trust", trustField, null), trustRow);
        JPanel timeoutRow = new JPanel(new FlowLayout(FlowLayout.LEADING, 0, 0));
        timeoutRow.setOpaque(false);
        timeoutRow.add(timeoutField);
        row = FormRows.addRow(form, row, Components.labelFor("settings.timeout", timeoutField, null), timeoutRow);
        FormRows.addGap(form, row++);
        row = FormRows.addRow(form, row, "settings.from", fromField, null);
        row = FormRows.addRow(form, row, "settings.fromName", fromNameField, null);

        GridBagConstraints problem = FormRows.constraints(0, row++, 4);
        problem.insets = new Insets(UIScale.scale(10), 0, 0, 0);
        form.add(problemLabel, problem);
        GridBagConstraints result = FormRows.constraints(0, row++, 4);
        result.insets = new Insets(UIScale.scale(6), 0, 0, 0);
        form.add(resultNotice, result);
        // Takes the height that rows gone (another sign-in method) leave, so the form stays at the top.
        GridBagConstraints rest = FormRows.constraints(0, row, 4);
        rest.weighty = 1;
        form.add(Box.createGlue(), rest);

        JPanel buttons = new JPanel(new BorderLayout());
        buttons.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(8), UIScale.scale(20), UIScale.scale(16),
                UIScale.scale(20)));
        JPanel checks = new JPanel(new FlowLayout(FlowLayout.LEADING, 0, 0));
        checks.add(testButton);
        checks.add(Box.createHorizontalStrut(UIScale.scale(8)));
        checks.add(sendTestButton);
        JPanel closing = new JPanel(new FlowLayout(FlowLayout.TRAILING, 0, 0));
        closing.add(saveButton);
        closing.add(Box.createHorizontalStrut(UIScale.scale(8)));
        closing.add(cancelButton);
        buttons.add(checks, BorderLayout.LINE_START);
        buttons.add(closing, BorderLayout.LINE_END);

        getContentPane().add(form, BorderLayout.CENTER);
        getContentPane().add(buttons, BorderLayout.SOUTH);
        getRootPane().setDefaultButton(saveButton);
        Dimension fixed = portField.getPreferredSize();
        portField.setMinimumSize(fixed);
        timeoutField.setMinimumSize(timeoutField.getPreferredSize());
    }

    private void initListeners() {
        DocumentListener changed = new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                fieldChanged();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                fieldChanged();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                fieldChanged();
            }
        };
        for (JComponent component : fieldComponents.values()) {
            ((JTextField) component).getDocument().addDocumentListener(changed);
        }
        login.addDocumentListener(changed);
        signIn.addDocumentListener(changed);
        login.addMethodListener(this::methodChosen);
        providerBox.addActionListener(event -> providerChosen());
        securityBox.addActionListener(event -> securityChosen());
        browseButton.addActionListener(event -> browseClicked());
        testButton.addActionListener(event -> testClicked());
        sendTestButton.addActionListener(event -> sendTestClicked());
        saveButton.addActionListener(event -> saveClicked());
        cancelButton.addActionListener(event -> closeAsked());
        addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosing(java.awt.event.WindowEvent event) {
                closeAsked();
            }
        });
        getRootPane().registerKeyboardAction(event -> closeAsked(), KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0),
                JComponent.WHEN_IN_FOCUSED_WINDOW);
    }

    /** Names the file in use, or where Save will create it; hidden when the settings live in no file. */
    private void showSettingsFile() {
        Optional<Path> file = services.settingsFile();
        fileLabel.setVisible(file.isPresent());
        file.ifPresent(path -> fileLabel.setText(SettingsForm.fileLine(path, Files.isRegularFile(path))));
    }

    // ---- handlers ------------------------------------------------------------------------------

    private void fieldChanged() {
        if (filling) {
            return;
        }
        forgetResult();
        MailProvider detected = MailProvider.forHost(hostField.getText());
        // Another server is another provider: "Custom" (with its hint) rather than the preset left behind.
        if (providerBox.getSelectedItem() != detected) {
            filling = true;
            providerBox.setSelectedItem(detected);
            // The method in use stays, also where the server is not known to take it.
            login.setMethods(SignInForm.methodChoices(detected, login.method()), login.method());
            filling = false;
            hintLabel.setText(detected.hint());
        }
        validateFields();
    }

    private void providerChosen() {
        if (filling) {
            return;
        }
        MailProvider provider = (MailProvider) providerBox.getSelectedItem();
        if (provider == null) {
            return;
        }
        forgetResult();
        hintLabel.setText(provider.hint());
        if (provider.fillsServer()) {
            filling = true;
            hostField.setText(provider.host());
            portField.setText(Integer.toString(provider.port()));
            securityBox.setSelectedItem(provider.security());
            // A preset logs in its provider's way: Microsoft sign-in for Outlook, an app password for Gmail.
            login.setMethods(SignInForm.methodChoices(provider, provider.defaultSignIn()), provider.defaultSignIn());
            filling = false;
        } else {
            filling = true;
            login.setMethods(SignInForm.methodChoices(provider, login.method()), login.method());
            filling = false;
        }
        applyMethod();
        validateFields();
        fitHeight();
    }

    private void methodChosen() {
        if (filling) {
            return;
        }
        forgetResult();
        applyMethod();
        validateFields();
        fitHeight();
    }

    /** Shows the rows of the method chosen; a user name that cannot be an account goes with a sign-in. */
    private void applyMethod() {
        SignInMethod method = login.method();
        String username = SignInForm.usernameFor(method, login.username());
        if (!username.equals(login.username())) {
            filling = true;
            login.setAccount(username);
            filling = false;
        }
        login.showMethod(method);
        signIn.showMethod(method);
    }

    private void securityChosen() {
        if (filling) {
            return;
        }
        forgetResult();
        Security security = (Security) securityBox.getSelectedItem();
        String port = portField.getText().strip();
        // Keep a port the person chose; switch only between the two usual ones.
        if (security != null && (port.isEmpty() || port.equals("587") || port.equals("465"))) {
            portField.setText(Integer.toString(security.defaultPort()));
        }
        validateFields();
    }

    private void browseClicked() {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle(UiText.plain("settings.trust.chooser"));
        chooser.setFileFilter(new FileNameExtensionFilter("PEM (*.pem, *.crt, *.cer)", "pem", "crt", "cer"));
        String current = trustField.getText().strip();
        if (!current.isEmpty()) {
            chooser.setSelectedFile(Path.of(current).toFile());
        }
        if (chooser.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            trustField.setText(chooser.getSelectedFile().toPath().toAbsolutePath().toString());
        }
    }

    private void testClicked() {
        Optional<SmtpConfig> config = config();
        if (config.isEmpty()) {
            return;
        }
        SmtpConfig settings = config.get();
        run(UiText.format("settings.testing", settings.host()), false, () -> {
            services.testConnection(settings);
            return new Outcome(Tone.SUCCESS,
                    UiText.format("settings.tested", settings.host(), Integer.toString(settings.port())));
        });
    }

    private void sendTestClicked() {
        Optional<SmtpConfig> config = config();
        if (config.isEmpty()) {
            return;
        }
        SmtpConfig settings = config.get();
        run(UiText.format("settings.sendingTest", settings.fromAddress()), false, () -> {
            services.sendTestMessage(settings);
            return new Outcome(Tone.SUCCESS, UiText.format("settings.testSent", settings.fromAddress()));
        });
    }

    /**
     * Saves, also with a sign-in not done yet (it can be done later, here or with {@code --sign-in}
     * on a terminal), but then says that codes cannot be sent until it is.
     */
    private void saveClicked() {
        Optional<SmtpConfig> config = config();
        if (config.isEmpty()) {
            return;
        }
        SmtpConfig settings = config.get();
        boolean signInMissing = settings.oauthSettings().isPresent() && !signIn.signedIn();
        run(UiText.plain("settings.saving"), true, () -> {
            Path file = services.saveAndApply(settings);
            return signInMissing
                    ? new Outcome(Tone.WARNING, UiText.format("settings.saved.notSignedIn", file,
                            settings.oauthSettings().orElseThrow().provider().displayName()))
                    : new Outcome(Tone.SUCCESS, UiText.format("settings.saved", file, settings.host()));
        });
    }

    /**
     * Cancel, Escape or the window's close box: with unsaved changes, asks whether to discard them
     * (a stray key press must not throw away a form full of settings).
     */
    private void closeAsked() {
        if (working || input().equals(savedInput)) {
            dispose();
            return;
        }
        String discard = UiText.plain("settings.discard.discard");
        String keep = UiText.plain("settings.discard.keep");
        int choice = javax.swing.JOptionPane.showOptionDialog(this, UiText.plain("settings.discard.message"),
                UiText.plain("settings.discard.title"), javax.swing.JOptionPane.YES_NO_OPTION,
                javax.swing.JOptionPane.WARNING_MESSAGE, null, new Object[] {discard, keep}, keep);
        if (choice == 0) {
            dispose();
        }
    }

    /** A test's or a save's outcome is about the values it used: once one changes, it goes. */
    private void forgetResult() {
        if (!working && resultNotice.isVisible()) {
            resultNotice.setVisible(false);
        }
    }

    /** A slow call that reports a sentence on success and throws with a plain message on failure. */
    @FunctionalInterface
    private interface Task {
        Outcome call() throws IOException;
    }

    /** What a finished task says, and how it reads. */
    private record Outcome(Tone tone, String text) {
    }

    /**
     * Runs {@code task} in a worker, showing {@code progress} meanwhile and the outcome afterwards.
     *
     * @param saves whether success means the settings were saved (Cancel then becomes Close)
     */
    private void run(String progress, boolean saves, Task task) {
        // The pressed button is disabled while the task runs, and the focus moves on, to Cancel: it
        // goes back afterwards, so that one more key press does not throw the settings away.
        Component pressed = getFocusOwner();
        working = true;
        resultNotice.show(Tone.INFO, progress);
        validateFields();
        new SwingWorker<Outcome, Void>() {
            @Override
            protected Outcome doInBackground() throws IOException {
                return task.call();
            }

            @Override
            protected void done() {
                working = false;
                boolean saved = false;
                try {
                    Outcome outcome = get();
                    resultNotice.show(outcome.tone(), outcome.text());
                    if (saves) {
                        showSettingsFile();
                        Components.labelled(cancelButton, "settings.close", null);
                        saved = true;
                        savedInput = input();
                    }
                } catch (ExecutionException e) {
                    resultNotice.show(Tone.ERROR, failureText(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    resultNotice.show(Tone.ERROR, failureText(e));
                }
                validateFields(); // grows the dialog for the result too
                Component now = getFocusOwner();
                // (After a save, Close is where the person goes next anyway.)
                if (!saved && pressed != null && pressed != now && (now == null || now == cancelButton)
                        && pressed.isEnabled() && pressed.isShowing()) {
                    pressed.requestFocusInWindow();
                }
            }
        }.execute();
    }

    /** Every problem on a line of its own (the words are the app's own, escaped all the same). */
    static String problemText(List<Problem> problems) {
        if (problems.isEmpty()) {
            return " ";
        }
        if (problems.size() == 1) {
            return problems.get(0).text();
        }
        StringBuilder html = new StringBuilder("<html>");
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) {
                html.append("<br>");
            }
            html.append(problems.get(i).text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        }
        return html.append("</html>").toString();
    }

    /** Makes the dialog taller when the result needs more room; never smaller, so nothing jumps. */
    private void growToFit() {
        validate();
        int missing = getContentPane().getPreferredSize().height - getContentPane().getHeight();
        if (missing > 0) {
            setSize(getWidth(), getHeight() + missing);
            validate();
        }
    }

    /**
     * After rows came or went (another sign-in method, the address to copy): as tall as the form
     * needs now, also smaller, but never below the size it opened with. Unlike {@link #growToFit},
     * which keeps the dialog still while a notice comes and goes under the person's typing, this
     * follows a change the person asked for.
     */
    private void fitHeight() {
        if (!isShowing()) {
            return;
        }
        validate();
        int missing = getContentPane().getPreferredSize().height - getContentPane().getHeight();
        int height = Math.max(getMinimumSize().height, getHeight() + missing);
        if (height != getHeight()) {
            setSize(getWidth(), height);
            validate();
        }
    }

    private static String failureText(Throwable failure) {
        if (failure instanceof DeliveryException) {
            return UiText.format("settings.failed", failure.getMessage());
        }
        if (failure instanceof IOException) {
            return UiText.format("settings.saveFailed", failure.getMessage());
        }
        LOG.log(Level.ERROR, "Unexpected failure in the settings dialog", failure);
        return UiText.format("status.unexpected", failure.getClass().getSimpleName());
    }

    // ---- state ---------------------------------------------------------------------------------

    private void fill(Input input) {
        filling = true;
        MailProvider provider = MailProvider.forHost(input.host());
        providerBox.setSelectedItem(provider);
        hintLabel.setText(provider.hint());
        login.setMethods(SignInForm.methodChoices(provider, input.method()), input.method());
        signIn.fill(input.signIn());
        hostField.setText(input.host());
        portField.setText(input.port());
        securityBox.setSelectedItem(input.security());
        login.fill(input);
        trustField.setText(input.trust());
        timeoutField.setText(input.timeout());
        fromField.setText(input.from());
        fromNameField.setText(input.fromName());
        login.showMethod(input.method());
        signIn.showMethod(input.method());
        filling = false;
    }

    private Input input() {
        return new Input(hostField.getText(), portField.getText(), (Security) securityBox.getSelectedItem(),
                login.username(), login.password(), login.passwordFromEnvironment(),
                trustField.getText(), timeoutField.getText(), fromField.getText(), fromNameField.getText(),
                signIn.input(login.method()));
    }

    private Optional<SmtpConfig> config() {
        Input input = input();
        if (!SettingsForm.problems(input).isEmpty()) {
            validateFields();
            return Optional.empty();
        }
        return Optional.of(SettingsForm.toConfig(input, previous));
    }

    private void validateFields() {
        Input input = input();
        List<Problem> problems = SettingsForm.problems(input);
        Set<Field> wrong = EnumSet.noneOf(Field.class);
        problems.forEach(problem -> wrong.add(problem.field()));
        for (Map.Entry<Field, JComponent> entry : fieldComponents.entrySet()) {
            entry.getValue().putClientProperty(FlatClientProperties.OUTLINE,
                    wrong.contains(entry.getKey()) ? FlatClientProperties.OUTLINE_ERROR : null);
        }
        login.showProblems(wrong);
        signIn.showProblems(wrong);
        signIn.update(SettingsForm.identity(input), SignInForm.problems(input.signIn()).isEmpty(), working);
        login.setMethodEnabled(!signIn.busy());
        problemLabel.setText(problemText(problems));
        problemLabel.setForeground(Tones.errorText());
        problemLabel.setVisible(!problems.isEmpty());
        if (isShowing()) {
            growToFit();
        }
        fromField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT,
                SettingsForm.fromAddress(new Input("", "", Security.STARTTLS, login.username(), "", false, "",
                        "", "", "")));
        boolean ready = problems.isEmpty() && !working && !signIn.busy();
        testButton.setEnabled(ready);
        sendTestButton.setEnabled(ready);
        saveButton.setEnabled(ready);
    }

    /** The dialog as the sign-in part sees it. */
    private final class SignInOwner implements SignInFields.Owner {
        @Override
        public Optional<SmtpConfig> signInSettings() {
            Input input = input();
            if (!input.method().signsIn() || !SignInForm.problems(input.signIn()).isEmpty()) {
                validateFields();
                return Optional.empty();
            }
            return Optional.of(SettingsForm.signInSettings(input, previous));
        }

        @Override
        public String expectedAccount() {
            return SettingsForm.expectedAccount(input());
        }

        @Override
        public void signedIn(String account) {
            login.setAccount(account);
            if (fromField.getText().isBlank()) {
                fromField.setText(account);
            }
        }

        @Override
        public void report(Tone tone, String message) {
            resultNotice.show(tone, message);
            validateFields(); // grows the dialog for the message too
        }

        @Override
        public void forgetReport() {
            forgetResult();
        }

        @Override
        public void busyChanged() {
            validateFields();
        }

        @Override
        public void rowsChanged() {
            fitHeight();
        }
    }
}
