package dev.otpverifier.ui;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import dev.otpverifier.otp.Codes;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.EmailAddresses;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.otp.RequestResult;
import dev.otpverifier.otp.VerifyResult;
import dev.otpverifier.ui.VerificationModel.Offer;
import dev.otpverifier.ui.VerificationModel.Phase;
import dev.otpverifier.ui.VerificationModel.Status;
import dev.otpverifier.ui.common.Components;
import dev.otpverifier.ui.common.NoticePanel;
import dev.otpverifier.ui.common.Tone;
import dev.otpverifier.ui.common.Tones;
import dev.otpverifier.ui.common.UiText;
import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.font.TextAttribute;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JRootPane;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.text.AbstractDocument;

/**
 * The two steps of the main window: the address with its "Send code" button, the code with its
 * "Verify" button, the status line and the clipboard offer.
 *
 * <p>All rules live in {@link VerificationModel}; this panel turns events into model calls, runs
 * the service in {@link SwingWorker}s, and renders the model after every change and every second.
 * Event dispatch thread only.
 */
final class VerifierPanel extends JPanel {

    private static final Logger LOG = System.getLogger("dev.otpverifier.ui");
    private static final String PROGRESS_CARD = "progress";
    private static final String IDLE_CARD = "idle";

    private final AppServices services;
    private final VerificationModel model;
    private final Clock fallbackClock;

    private final JLabel titleLabel = new JLabel(UiText.plain("header.title"));
    private final JLabel subtitleLabel = new JLabel(UiText.plain("header.subtitle"));
    private final JTextField emailField = new JTextField(24);
    private final JButton sendButton = new JButton();
    private final JPanel progressHolder = new JPanel(new CardLayout());
    private final JProgressBar progressBar = new JProgressBar();
    private final JTextField codeField = new CodeField(8);
    private final JButton verifyButton = new JButton();
    private final JLabel expiryLabel = new JLabel(" ");
    private final NoticePanel statusNotice = new NoticePanel("status");
    private final NoticePanel clipboardNotice = new NoticePanel("clipboardOffer");
    private final JButton resendButton = new JButton();
    private final JButton startOverButton = new JButton();
    private final JButton fillButton = new JButton();
    private final Timer ticker = new Timer(1000, event -> secondPassed());

    private JLabel emailLabel;
    private JLabel codeLabel;
    private String lastVerifiedCode = "";
    private Offer currentOffer = Offer.NONE;

    /**
     * Creates the panel.
     *
     * @param services where the service comes from, read again for every action
     * @param fallbackClock the clock for countdowns while no service exists
     */
    VerifierPanel(AppServices services, Clock fallbackClock) {
        super(new GridBagLayout());
        this.services = services;
        this.fallbackClock = fallbackClock;
        this.model = new VerificationModel(clock().getZone(), Locale.getDefault(Locale.Category.FORMAT));
        initComponents();
        initLayout();
        initListeners();
        model.demoModeChanged(services.demoMode());
        model.serviceAvailabilityChanged(services.otpService().isPresent());
        ticker.setInitialDelay(1000);
    }

    // ---- construction --------------------------------------------------------------------------

    private void initComponents() {
        setName("verifier");

        emailField.setName("email");
        emailField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, UiText.plain("email.placeholder"));
        emailField.setMargin(new Insets(4, 8, 4, 8)); // FlatLaf scales margins
        emailLabel = Components.labelFor("email.label", emailField, "email.description");

        sendButton.setName("send");
        Components.labelled(sendButton, "send.send", "send.description");

        progressBar.setName("progress");
        progressBar.setIndeterminate(false);
        progressBar.getAccessibleContext().setAccessibleName(UiText.plain("send.progress"));
        progressHolder.setOpaque(false);
        JPanel idle = new JPanel();
        idle.setOpaque(false);
        progressHolder.add(idle, IDLE_CARD);
        progressHolder.add(progressBar, PROGRESS_CARD);

        codeField.setName("code");
        codeField.setHorizontalAlignment(JTextField.CENTER);
        codeField.putClientProperty(FlatClientProperties.PLACEHOLDER_TEXT, UiText.plain("code.placeholder"));
        codeField.setMargin(new Insets(2, 8, 2, 8));
        ((AbstractDocument) codeField.getDocument()).setDocumentFilter(new CodeDocumentFilter());
        codeLabel = Components.labelFor("code.label", codeField, "code.description");

        verifyButton.setName("verify");
        Components.labelled(verifyButton, "verify.verify", "verify.description");

        expiryLabel.setName("expiry");
        expiryLabel.setHorizontalAlignment(JLabel.TRAILING);
        Components.describe(expiryLabel, UiText.plain("code.expiry.description"), null);

        resendButton.setName("resend");
        Components.labelled(resendButton, "offer.resend", "offer.resend.description");
        startOverButton.setName("startOver");
        Components.labelled(startOverButton, "offer.startOver", "offer.startOver.description");
        fillButton.setName("fillCode");
        Components.labelled(fillButton, "clipboard.fill", "clipboard.fill.description");
        statusNotice.getAccessibleContext().setAccessibleName(UiText.plain("status.name"));
        updateFonts();
    }

    private void initLayout() {
        setBorder(BorderFactory.createEmptyBorder(UIScale.scale(20), UIScale.scale(24), UIScale.scale(20),
                UIScale.scale(24)));
        int gap = UIScale.scale(8);
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = 0;
        c.gridwidth = 2;
        c.anchor = GridBagConstraints.LINE_START;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.weightx = 1;

        c.gridy = 0;
        add(titleLabel, c);
        c.gridy = 1;
        c.insets = new Insets(UIScale.scale(2), 0, UIScale.scale(18), 0);
        add(subtitleLabel, c);

        c.gridy = 2;
        c.insets = new Insets(0, 0, UIScale.scale(4), 0);
        add(emailLabel, c);

        c.gridy = 3;
        c.gridwidth = 1;
        c.insets = new Insets(0, 0, 0, gap);
        add(emailField, c);
        c.gridx = 1;
        c.weightx = 0;
        c.insets = new Insets(0, 0, 0, 0);
        add(sendButton, c);

        c.gridx = 0;
        c.gridy = 4;
        c.gridwidth = 2;
        c.weightx = 1;
        c.insets = new Insets(UIScale.scale(6), 0, UIScale.scale(12), 0);
        add(progressHolder, c);

        JPanel codeHeader = new JPanel(new BorderLayout());
        codeHeader.setOpaque(false);
        codeHeader.add(codeLabel, BorderLayout.LINE_START);
        codeHeader.add(expiryLabel, BorderLayout.LINE_END);
        c.gridy = 5;
        c.gridwidth = 1;
        c.insets = new Insets(0, 0, UIScale.scale(4), gap);
        add(codeHeader, c);

        c.gridy = 6;
        c.insets = new Insets(0, 0, 0, gap);
        c.fill = GridBagConstraints.BOTH;
        add(codeField, c);
        c.gridx = 1;
        c.weightx = 0;
        c.insets = new Insets(0, 0, 0, 0);
        c.anchor = GridBagConstraints.CENTER;
        add(verifyButton, c);

        c.gridx = 0;
        c.gridy = 7;
        c.gridwidth = 2;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.anchor = GridBagConstraints.LINE_START;
        c.insets = new Insets(UIScale.scale(18), 0, 0, 0);
        add(statusNotice, c);
        c.gridy = 8;
        c.insets = new Insets(UIScale.scale(8), 0, 0, 0);
        add(clipboardNotice, c);

        c.gridy = 9;
        c.weighty = 1;
        c.fill = GridBagConstraints.BOTH;
        JPanel filler = new JPanel();
        filler.setOpaque(false);
        add(filler, c);
    }

    private void initListeners() {
        model.addChangeListener(this::render);
        emailField.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                addressChanged();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                addressChanged();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                addressChanged();
            }
        });
        codeField.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                codeChanged();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                codeChanged();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                codeChanged();
            }
        });
        emailField.addActionListener(event -> sendClicked());
        emailField.addFocusListener(new java.awt.event.FocusAdapter() {
            @Override
            public void focusLost(java.awt.event.FocusEvent event) {
                if (!event.isTemporary()) { // not when the person only switches to another window
                    model.addressCommitted();
                }
            }
        });
        sendButton.addActionListener(event -> sendClicked());
        codeField.addActionListener(event -> {
            if (!Codes.isWellFormed(codeField.getText())) {
                model.codeCommittedIncomplete(); // Enter after five digits: say what a code looks like
            }
            verifyClicked();
        });
        verifyButton.addActionListener(event -> verifyClicked());
        resendButton.addActionListener(event -> resendClicked());
        startOverButton.addActionListener(event -> startOverClicked());
        fillButton.addActionListener(event -> fillFromClipboardClicked());
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public void addNotify() {
        super.addNotify();
        ticker.start();
        render();
    }

    @Override
    public void removeNotify() {
        ticker.stop();
        super.removeNotify();
    }

    @Override
    public void updateUI() {
        super.updateUI();
        if (codeField != null) {
            updateFonts();
            render();
        }
    }

    /** The field that should have the focus when the window opens. */
    JComponent initialFocus() {
        return emailField;
    }

    /** The service or the mode changed (settings saved): re-read what the service offers. */
    void servicesChanged() {
        model.demoModeChanged(services.demoMode());
        model.mailSettingsChanged();
        if (model.phase() == Phase.ADDRESS) {
            codeField.setText(""); // typed for a code that no longer works
        }
        model.serviceAvailabilityChanged(services.otpService().isPresent());
    }

    /**
     * The window got the focus back: if a code is awaited and the clipboard holds exactly one, offer
     * to fill it in.
     *
     * @param clipboardText the clipboard's text, or empty
     */
    void clipboardMayHaveCode(Optional<String> clipboardText) {
        // Also over a wrong code in the field: that is when the right one is most likely on the clipboard.
        Optional<String> offered = clipboardText.flatMap(CodeInput::extract);
        boolean offer = model.codeEditable() && offered.isPresent() && !offered.get().equals(codeField.getText());
        if (offer) {
            clipboardNotice.show(Tone.INFO, UiText.plain("clipboard.offer"), fillButton);
            SwingUtilities.invokeLater(this::growWindowToFit);
        } else {
            clipboardNotice.setVisible(false);
        }
    }

    // ---- handlers ------------------------------------------------------------------------------

    private void addressChanged() {
        boolean codeWasAwaited = model.phase() == Phase.CODE;
        model.addressChanged(emailField.getText());
        if (codeWasAwaited && model.phase() == Phase.ADDRESS && !codeField.getText().isEmpty()) {
            codeField.setText(""); // digits typed for the other address mean nothing for this one
        }
        if (EmailAddresses.isValid(emailField.getText())) {
            // Lets the sender connect and log in while the person moves to the button (returns at once).
            services.otpService().ifPresent(OtpService::prepareToSend);
        }
    }

    private void codeChanged() {
        String code = codeField.getText();
        if (!Codes.isWellFormed(code)) {
            lastVerifiedCode = "";
        }
        render();
        if (verifyAllowed(code)) {
            // The document is still being changed while its listeners run: check afterwards.
            SwingUtilities.invokeLater(this::verifyClicked);
        }
    }

    /**
     * Whether {@code code} may be checked now. Not the code just checked: six digits check
     * themselves, and the Enter many people type after them must not spend a second attempt on the
     * same wrong code.
     */
    private boolean verifyAllowed(String code) {
        return model.verifyEnabled(code) && !code.equals(lastVerifiedCode);
    }

    private void sendClicked() {
        if (!model.sendEnabled(now())) {
            model.addressCommitted(); // Enter on something that is no address: say why nothing happens
            return;
        }
        Optional<OtpService> service = services.otpService();
        if (service.isEmpty()) {
            model.serviceAvailabilityChanged(false);
            return;
        }
        String address = model.address();
        clipboardNotice.setVisible(false);
        model.sendStarted();
        new SwingWorker<RequestResult, Void>() {
            @Override
            protected RequestResult doInBackground() {
                return service.get().requestCode(address);
            }

            @Override
            protected void done() {
                try {
                    if (model.sendFinished(get(), now())) {
                        codeSent();
                    } else {
                        emailField.requestFocusInWindow();
                    }
                } catch (ExecutionException e) {
                    model.sendFailed(describe(e.getCause()));
                    emailField.requestFocusInWindow();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    model.sendFailed(describe(e));
                }
            }
        }.execute();
    }

    private void codeSent() {
        lastVerifiedCode = "";
        codeField.setText("");
        codeField.requestFocusInWindow();
    }

    private void verifyClicked() {
        String code = codeField.getText();
        if (!verifyAllowed(code)) {
            return;
        }
        Optional<OtpService> service = services.otpService();
        Optional<String> address = model.pendingAddress();
        if (service.isEmpty() || address.isEmpty()) {
            model.serviceAvailabilityChanged(service.isPresent());
            return;
        }
        lastVerifiedCode = code;
        clipboardNotice.setVisible(false);
        model.verifyStarted();
        new SwingWorker<VerifyResult, Void>() {
            @Override
            protected VerifyResult doInBackground() {
                return service.get().verify(address.get(), code);
            }

            @Override
            protected void done() {
                try {
                    boolean verified = model.verifyFinished(get());
                    // The focus stays on the code, also a verified one: an Enter typed out of habit after
                    // the sixth digit must not start over and wipe the result before it is read.
                    codeField.requestFocusInWindow();
                    if (!verified) {
                        codeField.selectAll(); // ready to be typed over
                    }
                } catch (ExecutionException e) {
                    lastVerifiedCode = ""; // not checked after all: the same code may be tried again
                    model.verifyFailed(describe(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    lastVerifiedCode = "";
                    model.verifyFailed(describe(e));
                }
            }
        }.execute();
    }

    private void resendClicked() {
        sendClicked();
    }

    private void startOverClicked() {
        model.startOver();
        lastVerifiedCode = "";
        emailField.setText("");
        codeField.setText("");
        clipboardNotice.setVisible(false);
        emailField.requestFocusInWindow();
    }

    private void fillFromClipboardClicked() {
        clipboardNotice.setVisible(false);
        Optional<String> code = Clipboards.text().flatMap(CodeInput::extract);
        if (code.isPresent() && model.codeEditable()) {
            codeField.setText(code.get());
            codeField.requestFocusInWindow();
        }
    }

    private void secondPassed() {
        model.tick(now());
    }

    // ---- rendering -----------------------------------------------------------------------------

    private void render() {
        Instant now = now();
        Phase phase = model.phase();
        emailField.setEditable(model.addressEditable());
        emailField.putClientProperty(FlatClientProperties.OUTLINE,
                model.addressError() ? FlatClientProperties.OUTLINE_ERROR : null);
        sendButton.setText(model.sendText(now));
        sendButton.setEnabled(model.sendEnabled(now));

        boolean busy = phase == Phase.SENDING || phase == Phase.VERIFYING;
        progressBar.setIndeterminate(busy);
        progressBar.getAccessibleContext().setAccessibleName(
                UiText.plain(phase == Phase.VERIFYING ? "verify.progress" : "send.progress"));
        ((CardLayout) progressHolder.getLayout()).show(progressHolder, busy ? PROGRESS_CARD : IDLE_CARD);

        boolean codeActive = model.codeEditable() || phase == Phase.VERIFYING || phase == Phase.VERIFIED;
        codeField.setEnabled(codeActive);
        codeField.setEditable(model.codeEditable());
        codeLabel.setEnabled(codeActive);
        verifyButton.setEnabled(verifyAllowed(codeField.getText()));
        expiryLabel.setText(model.expiryText(now));
        expiryLabel.setForeground(model.codeExpired(now) ? Tones.errorText()
                : UIManager.getColor("Label.disabledForeground"));
        codeField.putClientProperty(FlatClientProperties.OUTLINE,
                phase == Phase.VERIFIED ? FlatClientProperties.OUTLINE_SUCCESS : null);
        if (!model.codeEditable()) {
            clipboardNotice.setVisible(false);
        }
        resendButton.setEnabled(model.sendEnabled(now));
        renderStatus(now);
        renderDefaultButton(phase);
    }

    private void renderStatus(Instant now) {
        Optional<Status> status = model.status();
        if (status.isEmpty()) {
            statusNotice.setVisible(false);
            return;
        }
        Status shown = status.get();
        String text = shown.text().at(now);
        if (statusNotice.isVisible() && statusNotice.tone() == shown.tone() && currentOffer == shown.offer()) {
            statusNotice.setMessage(text);
            return;
        }
        currentOffer = shown.offer();
        JButton[] buttons = switch (shown.offer()) {
            case NONE -> new JButton[0];
            case RESEND -> new JButton[] {resendButton};
            case START_OVER -> new JButton[] {startOverButton};
        };
        statusNotice.show(shown.tone(), text, buttons);
        SwingUtilities.invokeLater(this::growWindowToFit);
    }

    private void growWindowToFit() {
        if (SwingUtilities.getWindowAncestor(this) instanceof OtpVerifierWindow window) {
            window.growToFitContent();
        }
    }

    private void renderDefaultButton(Phase phase) {
        JRootPane root = getRootPane();
        if (root == null) {
            return;
        }
        JButton wanted = switch (phase) {
            case ADDRESS, SENDING -> sendButton;
            case CODE, VERIFYING -> verifyButton;
            // None once verified: the result stays until the person chooses "Verify another address"
            // (Alt+O, or Tab and Space); a button drawn as the default would promise that Enter does it.
            case VERIFIED -> null;
        };
        if (root.getDefaultButton() != wanted) {
            root.setDefaultButton(wanted);
        }
    }

    /**
     * The title's and the code's type, and the subtitle's colour, set directly rather than through
     * FlatLaf styles: the first style or derived font FlatLaf resolves makes the JDK scan every
     * installed font, 50-80 ms before the first frame (measured). Called again when the theme changes.
     */
    private void updateFonts() {
        Font label = UIManager.getFont("Label.font");
        titleLabel.setFont(label.deriveFont(label.getSize2D() + UIScale.scale(6f))); // FlatLaf's "h2" size
        Color secondary = UIManager.getColor("Label.disabledForeground");
        subtitleLabel.setForeground(new Color(secondary.getRGB(), true)); // not a UIResource: kept by updateUI
        // Java's own logical monospaced font; FlatLaf's "monospaced.font" is the same family on Linux.
        Font base = new Font(Font.MONOSPACED, Font.PLAIN, 12);
        float size = label.getSize2D() * 2.0f;
        Map<TextAttribute, Object> attributes = Map.of(TextAttribute.TRACKING, 0.18f,
                TextAttribute.WEIGHT, TextAttribute.WEIGHT_BOLD);
        codeField.setFont(base.deriveFont(size).deriveFont(attributes));
        FontMetrics metrics = sendButton.getFontMetrics(sendButton.getFont());
        int widest = 0;
        for (String text : new String[] {UiText.plain("send.send"), UiText.plain("send.sending"),
                UiText.plain("send.resend"), UiText.format("send.resendIn", "00:00"), UiText.plain("verify.verify")}) {
            widest = Math.max(widest, metrics.stringWidth(text));
        }
        Dimension preferred = sendButton.getPreferredSize();
        Insets insets = sendButton.getInsets();
        int width = widest + insets.left + insets.right + UIScale.scale(8);
        sendButton.setPreferredSize(null);
        sendButton.setPreferredSize(new Dimension(Math.max(width, preferred.width), sendButton.getPreferredSize().height));
        verifyButton.setPreferredSize(null);
        verifyButton.setPreferredSize(new Dimension(sendButton.getPreferredSize().width,
                verifyButton.getPreferredSize().height));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Clock clock() {
        return services.otpService().map(OtpService::clock).orElse(fallbackClock);
    }

    private Instant now() {
        return clock().instant();
    }

    /** A failure in plain words: the sender's own message, or a note that details are in the log. */
    private static String describe(Throwable failure) {
        if (failure instanceof DeliveryException delivery) {
            return delivery.getMessage();
        }
        LOG.log(Level.ERROR, "Unexpected failure in the window", failure);
        return UiText.format("status.unexpected", failure.getClass().getSimpleName());
    }
}
