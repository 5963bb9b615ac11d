package dev.otpverifier.ui.settings;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.ui.common.Components;
import dev.otpverifier.ui.common.Tone;
import dev.otpverifier.ui.common.Tones;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.settings.SettingsForm.Field;
import dev.otpverifier.ui.settings.SignInForm.Identity;
import dev.otpverifier.ui.settings.SignInForm.Row;
import dev.otpverifier.ui.settings.SignInForm.SignInInput;
import dev.otpverifier.ui.settings.SignInForm.Status;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingConstants;
import javax.swing.SwingWorker;
import javax.swing.UIManager;
import javax.swing.event.DocumentListener;

/**
 * The sign-in part of the settings dialog, shown instead of the password for a Microsoft or Google
 * sign-in: the client ID of the person's own app registration, Microsoft's tenant or Google's
 * client secret, another authorization server, "Sign in with …" (Cancel while the browser is
 * open), "Sign out", a status line, and the sign-in page's address to copy when no browser opens.
 *
 * <p>Its rows go into the dialog's grid ({@link FormRows}). The rules are {@link SignInForm}'s;
 * the slow {@link SettingsServices} calls (waiting for the browser, the credential store) run in
 * {@link SwingWorker}s, and the dialog hears of their outcome through its {@link Owner}. Event
 * dispatch thread only.
 */
final class SignInFields {

    private static final Logger LOG = System.getLogger("dev.otpverifier.ui");

    /** What the sign-in needs from the dialog around it. Called on the event dispatch thread. */
    interface Owner {
        /**
         * The settings to sign in (or out) with, from all the fields; empty when a sign-in field is
         * wrong, which the dialog then shows.
         */
        Optional<SmtpConfig> signInSettings();

        /** The account the sign-in must be for (the From address), or empty for any. */
        String expectedAccount();

        /** A sign-in for {@code account} succeeded and is saved: the account becomes the user name. */
        void signedIn(String account);

        /** Shows {@code message} in the dialog's notice area. */
        void report(Tone tone, String message);

        /** Hides the notice area's last outcome, which a new step makes stale. */
        void forgetReport();

        /** A slow step began or ended: the dialog's own buttons wait while it runs. */
        void busyChanged();

        /** Rows came or went (the address to copy): the dialog takes the height it needs now. */
        void rowsChanged();
    }

    private final SettingsServices services;
    private final Owner owner;
    private final JTextField clientIdField = new JTextField(22);
    private final JTextField tenantField = new JTextField(22);
    private final JPasswordField secretField = new JPasswordField(22);
    private final JCheckBox showSecretBox = new JCheckBox();
    private final JTextField issuerField = new JTextField(22);
    private final JLabel registrationHint = new JLabel();
    private final JButton signInButton = new JButton();
    private final JButton signOutButton = new JButton();
    private final JLabel statusIcon = new JLabel();
    private final JTextArea statusText = new WrappingText();
    private final JLabel addressNote = new JLabel();
    private final JTextField addressField = new JTextField();
    private final JButton copyAddressButton = new JButton();
    /** Each row's parts, to show or hide together. */
    private final Map<Row, List<JComponent>> rows = new EnumMap<>(Row.class);
    private final List<JComponent> addressParts = new java.util.ArrayList<>();
    private final char echoChar;

    private SignInMethod method = SignInMethod.PASSWORD;
    /** The last thing found out about the saved sign-in. */
    private Status known = new Status.NotSignedIn();
    /** The slow step under way, or null. */
    private Status activity;
    /** The sign-in under way, or null. */
    private Pending attempt;
    private boolean cancelRequested;
    private boolean closed;
    private Optional<Identity> current = Optional.empty();
    private boolean fieldsRight;
    private boolean dialogWorking;

    SignInFields(SettingsServices services, Owner owner) {
        this.services = services;
        this.owner = owner;
        this.echoChar = secretField.getEchoChar();
        initComponents();
        initListeners();
    }

    private void initComponents() {
        clientIdField.setName("clientId");
        clientIdField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT,
                UiText.plain("settings.clientId.placeholder"));
        tenantField.setName("tenant");
        tenantField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, SignInForm.DEFAULT_TENANT);
        secretField.setName("clientSecret");
        showSecretBox.setName("showClientSecret");
        Components.labelled(showSecretBox, "settings.clientSecret.show", null);
        issuerField.setName("issuer");
        issuerField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, UiText.plain("settings.issuer.placeholder"));
        registrationHint.setName("registrationHint");
        registrationHint.putClientProperty(FlatClientProperties.STYLE, "foreground: $Label.disabledForeground");
        signInButton.setName("signIn");
        signOutButton.setName("signOut");
        Components.labelled(signOutButton, "settings.signOut", "settings.signOut.description");
        statusIcon.setName("signInStatusIcon");
        statusIcon.setVerticalAlignment(SwingConstants.TOP);
        statusText.setName("signInStatus");
        addressNote.setName("signInAddressNote");
        addressNote.setText(UiText.plain("settings.signIn.address"));
        addressField.setName("signInAddress");
        addressField.setEditable(false);
        Components.describe(addressField, UiText.plain("settings.signIn.address"), null);
        copyAddressButton.setName("copyAddress");
        Components.labelled(copyAddressButton, "settings.signIn.copy", "settings.signIn.copy.description");
    }

    private void initListeners() {
        showSecretBox.addActionListener(event -> showSecretToggled());
        signInButton.addActionListener(event -> signInClicked());
        signOutButton.addActionListener(event -> signOutClicked());
        copyAddressButton.addActionListener(event -> copyAddressClicked());
    }

    /** Adds the sign-in rows to {@code form}; returns the next row. */
    int addRows(JPanel form, int row) {
        int next = row;
        next = addRow(form, next, Row.CLIENT_ID, Components.labelFor("settings.clientId", clientIdField,
                "settings.clientId.description"), clientIdField);
        next = addRow(form, next, Row.TENANT, Components.labelFor("settings.tenant", tenantField,
                "settings.tenant.description"), tenantField);
        JPanel secretRow = new JPanel(new BorderLayout(UIScale.scale(8), 0));
        secretRow.setOpaque(false);
        secretRow.add(secretField, BorderLayout.CENTER);
        secretRow.add(showSecretBox, BorderLayout.LINE_END);
        next = addRow(form, next, Row.CLIENT_SECRET, Components.labelFor("settings.clientSecret", secretField,
                "settings.clientSecret.description"), secretRow);
        next = addRow(form, next, Row.ISSUER, Components.labelFor("settings.issuer", issuerField,
                "settings.issuer.description"), issuerField);

        List<JComponent> signIn = new java.util.ArrayList<>();
        form.add(registrationHint, FormRows.fieldConstraints(next++, 3));
        signIn.add(registrationHint);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEADING, 0, 0));
        buttons.setOpaque(false);
        buttons.add(signInButton);
        buttons.add(Box.createHorizontalStrut(UIScale.scale(8)));
        buttons.add(signOutButton);
        form.add(buttons, FormRows.fieldConstraints(next++, 3));
        signIn.add(buttons);
        JPanel status = new JPanel(new BorderLayout());
        status.setOpaque(false);
        statusIcon.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(1), 0, 0, UIScale.scale(6)));
        status.add(statusIcon, BorderLayout.LINE_START);
        status.add(statusText, BorderLayout.CENTER);
        form.add(status, FormRows.fieldConstraints(next++, 3));
        signIn.add(status);
        // Sets the sign-in apart from the trust certificate below it; goes with it for a password.
        JComponent gap = (JComponent) Box.createVerticalStrut(UIScale.scale(6));
        form.add(gap, FormRows.constraints(0, next++, 4));
        signIn.add(gap);
        rows.put(Row.SIGN_IN, signIn);

        java.awt.GridBagConstraints note = FormRows.fieldConstraints(next++, 3);
        note.insets = new java.awt.Insets(0, 0, UIScale.scale(4), 0);
        form.add(addressNote, note);
        JPanel addressRow = new JPanel(new BorderLayout(UIScale.scale(8), 0));
        addressRow.setOpaque(false);
        addressRow.add(addressField, BorderLayout.CENTER);
        addressRow.add(copyAddressButton, BorderLayout.LINE_END);
        form.add(addressRow, FormRows.fieldConstraints(next++, 3));
        addressParts.add(addressNote);
        addressParts.add(addressRow);
        addressParts.forEach(part -> part.setVisible(false));
        return next;
    }

    private int addRow(JPanel form, int row, Row which, JLabel label, JComponent field) {
        rows.put(which, List.of(label, field));
        return FormRows.addRow(form, row, label, field);
    }

    /** Calls {@code listener} whenever a sign-in field is edited (also by {@link #fill}). */
    void addDocumentListener(DocumentListener listener) {
        clientIdField.getDocument().addDocumentListener(listener);
        tenantField.getDocument().addDocumentListener(listener);
        secretField.getDocument().addDocumentListener(listener);
        issuerField.getDocument().addDocumentListener(listener);
    }

    // ---- handlers ------------------------------------------------------------------------------

    private void showSecretToggled() {
        secretField.setEchoChar(showSecretBox.isSelected() ? (char) 0 : echoChar);
    }

    /** Sign in, or, while the browser is open, Cancel. */
    private void signInClicked() {
        if (attempt != null) {
            cancelClicked();
            return;
        }
        Optional<SmtpConfig> settings = owner.signInSettings();
        if (settings.isEmpty() || activity != null) {
            return;
        }
        SmtpConfig candidate = settings.get();
        OAuthConfig oauth = candidate.oauthSettings().orElseThrow();
        String expectedAccount = owner.expectedAccount();
        Pending started = new Pending();
        attempt = started;
        cancelRequested = false;
        activity = new Status.Waiting();
        owner.forgetReport();
        showAddress(Optional.empty());
        changed();
        new SwingWorker<SignedIn, URI>() {
            @Override
            protected SignedIn doInBackground() {
                // Prepared here, not on the event thread: the first sign-in opens the credential
                // store, which can take seconds (a keyring that answers slowly over D-Bus).
                SignInAttempt prepared = services.signIn(candidate, expectedAccount);
                started.prepared(prepared);
                String account = prepared.await(address -> publish(address));
                return new SignedIn(account, services.signInStore());
            }

            @Override
            protected void process(List<URI> addresses) {
                if (attempt == started) {
                    showAddress(Optional.of(addresses.get(addresses.size() - 1)));
                }
            }

            @Override
            protected void done() {
                attempt = null;
                activity = null;
                if (closed) {
                    return;
                }
                showAddress(Optional.empty());
                try {
                    SignedIn result = get();
                    // Known before the account fills the fields, so that the status line matches them at once.
                    known = new Status.SignedIn(Identity.of(oauth, result.account()), result.store());
                    owner.signedIn(result.account());
                } catch (ExecutionException e) {
                    if (!cancelRequested) {
                        owner.report(Tone.ERROR, failureText(e.getCause()));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    owner.report(Tone.ERROR, failureText(e));
                }
                changed();
            }
        }.execute();
    }

    /** Stops waiting for the browser; the sign-in then ends, and nothing is saved. */
    private void cancelClicked() {
        if (attempt != null && !cancelRequested) {
            cancelRequested = true;
            attempt.cancel();
            changed();
        }
    }

    /**
     * A sign-in from its start, before the service has prepared it, to its end: a Cancel that comes
     * before the attempt exists cancels it as soon as it does. Thread safe.
     */
    private static final class Pending {
        private SignInAttempt prepared;
        private boolean cancelled;

        /** The attempt is ready (on the worker's thread): cancelled at once if Cancel came first. */
        synchronized void prepared(SignInAttempt value) {
            prepared = value;
            if (cancelled) {
                value.cancel();
            }
        }

        /** Cancels the attempt, now or once it exists. */
        synchronized void cancel() {
            cancelled = true;
            if (prepared != null) {
                prepared.cancel();
            }
        }
    }

    private void signOutClicked() {
        Optional<SmtpConfig> settings = owner.signInSettings();
        if (settings.isEmpty() || activity != null) {
            return;
        }
        SmtpConfig candidate = settings.get();
        activity = new Status.SigningOut();
        owner.forgetReport();
        changed();
        new SwingWorker<Void, Void>() {
            @Override
            protected Void doInBackground() {
                services.signOut(candidate);
                return null;
            }

            @Override
            protected void done() {
                activity = null;
                if (closed) {
                    return;
                }
                try {
                    get();
                    known = new Status.NotSignedIn();
                } catch (ExecutionException e) {
                    owner.report(Tone.ERROR, failureText(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    owner.report(Tone.ERROR, failureText(e));
                }
                changed();
            }
        }.execute();
    }

    private void copyAddressClicked() {
        String address = addressField.getText();
        try {
            Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(address), null);
            Components.setText(copyAddressButton, "settings.signIn.copied");
        } catch (IllegalStateException e) {
            // Another application holds the clipboard this instant: the address stays there to select.
            LOG.log(Level.DEBUG, "Clipboard not writable: {0}", e.getClass().getSimpleName());
        }
        addressField.requestFocusInWindow();
        addressField.selectAll();
    }

    // ---- state ---------------------------------------------------------------------------------

    /**
     * Asks the credential store in the background whether {@code settings} (the settings in use,
     * which sign in) have a saved sign-in, and shows the answer.
     */
    void checkSavedSignIn(SmtpConfig settings) {
        Optional<Identity> identity = Identity.of(settings);
        if (identity.isEmpty() || activity != null) {
            return;
        }
        activity = new Status.Checking();
        changed();
        new SwingWorker<Status, Void>() {
            @Override
            protected Status doInBackground() {
                return services.isSignedIn(settings)
                        ? new Status.SignedIn(identity.get(), services.signInStore())
                        : new Status.NotSignedIn();
            }

            @Override
            protected void done() {
                activity = null;
                if (closed) {
                    return;
                }
                try {
                    known = get();
                } catch (ExecutionException e) {
                    known = new Status.CheckFailed(identity.get(), failureText(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    known = new Status.CheckFailed(identity.get(), failureText(e));
                }
                changed();
            }
        }.execute();
    }

    /** The dialog closes: a sign-in that waits for the browser is cancelled, and no outcome is shown. */
    void close() {
        closed = true;
        if (attempt != null) {
            cancelRequested = true;
            attempt.cancel();
        }
    }

    /** Shows the sign-in fields of {@code input}. */
    void fill(SignInInput input) {
        clientIdField.setText(input.clientId());
        tenantField.setText(input.tenant());
        secretField.setText(input.clientSecret());
        issuerField.setText(input.issuer());
    }

    /** The sign-in fields as typed, for {@code chosen}. */
    SignInInput input(SignInMethod chosen) {
        return new SignInInput(chosen, clientIdField.getText(), new String(secretField.getPassword()),
                tenantField.getText(), issuerField.getText());
    }

    /** Shows the rows of {@code chosen}; none for a password login. */
    void showMethod(SignInMethod chosen) {
        method = chosen;
        Set<Row> shown = SignInForm.rows(chosen);
        rows.forEach((row, parts) -> parts.forEach(part -> part.setVisible(shown.contains(row))));
        if (chosen.signsIn()) {
            registrationHint.setText(UiText.plain(chosen == SignInMethod.GOOGLE ? "settings.signIn.hint.google"
                    : "settings.signIn.hint.microsoft"));
        }
        showAddress(Optional.empty());
        refresh();
    }

    /** Outlines the sign-in fields among {@code wrong}, and clears the others. */
    void showProblems(Set<Field> wrong) {
        outline(clientIdField, wrong.contains(Field.CLIENT_ID));
        outline(tenantField, wrong.contains(Field.TENANT));
        outline(secretField, wrong.contains(Field.CLIENT_SECRET));
        outline(issuerField, wrong.contains(Field.ISSUER));
    }

    /**
     * Brings the status line and the buttons up to date with the fields.
     *
     * @param identity the saved sign-in the fields would send with, if any
     * @param right whether the sign-in fields are right, so that a sign-in can start
     * @param working whether the dialog tests or saves right now
     */
    void update(Optional<Identity> identity, boolean right, boolean working) {
        current = identity;
        fieldsRight = right;
        dialogWorking = working;
        refresh();
    }

    /** Whether a sign-in or a sign-out runs, during which the settings are not tested or saved. */
    boolean busy() {
        return activity instanceof Status.Waiting || activity instanceof Status.SigningOut;
    }

    /** Whether the status line says "Signed in as …" for the settings in the fields. */
    boolean signedIn() {
        return activity == null && SignInForm.shown(known, current) instanceof Status.SignedIn;
    }

    /** The status line as shown. */
    String statusLine() {
        return statusText.getText();
    }

    private void changed() {
        refresh();
        owner.busyChanged();
    }

    private void refresh() {
        Status shown = activity != null ? activity : SignInForm.shown(known, current);
        statusIcon.setIcon(Tones.icon(shown.tone(), 16));
        if (!shown.text().equals(statusText.getText())) {
            statusText.setText(shown.text());
            statusText.getAccessibleContext().setAccessibleName(shown.text());
        }
        boolean waiting = attempt != null;
        Components.labelled(signInButton, waiting ? "settings.signIn.cancel" : SignInForm.signInKey(method),
                waiting ? "settings.signIn.cancel.description" : "settings.signIn.description");
        signInButton.setEnabled(waiting ? !cancelRequested : fieldsRight && activity == null && !dialogWorking);
        signOutButton.setEnabled(activity == null && !dialogWorking && shown instanceof Status.SignedIn);
        boolean editable = activity == null || activity instanceof Status.Checking;
        for (JComponent field : List.of(clientIdField, tenantField, secretField, showSecretBox, issuerField)) {
            field.setEnabled(editable);
        }
    }

    private void showAddress(Optional<URI> address) {
        address.ifPresent(uri -> {
            addressField.setText(uri.toString());
            addressField.setCaretPosition(0);
            Components.labelled(copyAddressButton, "settings.signIn.copy", "settings.signIn.copy.description");
        });
        boolean show = address.isPresent() && method.signsIn();
        boolean changed = false;
        for (JComponent part : addressParts) {
            if (part.isVisible() != show) {
                part.setVisible(show);
                changed = true;
            }
        }
        if (!show) {
            addressField.setText("");
        }
        if (changed) {
            owner.rowsChanged();
        }
    }

    private static void outline(JComponent field, boolean wrong) {
        field.putClientProperty(FlatClientProperties.OUTLINE, wrong ? FlatClientProperties.OUTLINE_ERROR : null);
    }

    /** The words for a failed step: the service's own plain message, or the name of the unexpected. */
    private static String failureText(Throwable failure) {
        if (failure instanceof DeliveryException || failure instanceof IllegalArgumentException) {
            return failure.getMessage();
        }
        LOG.log(Level.ERROR, "Unexpected failure of a sign-in step", failure);
        return UiText.format("status.unexpected", failure.getClass().getSimpleName());
    }

    /** A finished sign-in: the account and where its sign-in is kept. */
    private record SignedIn(String account, String store) {
    }

    /**
     * Wrapped label text that never asks for more width than the form has: a long store
     * description (a file path) adds lines, not width.
     */
    private static final class WrappingText extends JTextArea {
        private static final long serialVersionUID = 1L;

        WrappingText() {
            setEditable(false);
            // Read, not a stop on the way from Sign out to the next field (as the notices' texts).
            setFocusable(false);
            setLineWrap(true);
            setWrapStyleWord(true);
            setOpaque(false);
            setBorder(BorderFactory.createEmptyBorder());
        }

        @Override
        public void updateUI() {
            super.updateUI();
            setFont(UIManager.getFont("Label.font"));
            setForeground(UIManager.getColor("Label.foreground"));
            setBorder(BorderFactory.createEmptyBorder());
        }

        @Override
        public Dimension getPreferredSize() {
            Dimension size = super.getPreferredSize();
            size.width = UIScale.scale(120);
            return size;
        }
    }
}
