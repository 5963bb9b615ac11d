package dev.otpverifier.ui;

import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.util.UIScale;
import dev.otpverifier.config.ConfigException;
import dev.otpverifier.ui.common.AppIcon;
import dev.otpverifier.ui.common.Components;
import dev.otpverifier.ui.common.NoticePanel;
import dev.otpverifier.ui.common.Tone;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.inbox.InboxMessage;
import dev.otpverifier.ui.inbox.InboxWindow;
import dev.otpverifier.ui.settings.SettingsDialog;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;
import javax.swing.BorderFactory;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * The main window of OTP Verifier: asks for an address, sends a code, checks it.
 *
 * <p>Open it with {@link #open(AppServices, Preferences, Runnable)} from any thread (usually
 * {@code main}): it installs FlatLaf and builds everything on the event dispatch thread. It keeps
 * its theme (light or dark) and its place on the screen in the given {@link Preferences} node. In
 * demo mode it shows a banner and opens the demo inbox beside itself; when the configuration is
 * broken it names the wrong keys and offers the settings dialog.
 *
 * <p>Every component is created and touched on the event dispatch thread only; the
 * {@link AppServices} calls that do network or disk work run in {@link javax.swing.SwingWorker}s.
 * Out of scope: the application's life cycle. The window disposes itself when closed and then runs
 * the {@code whenClosed} callback; stopping servers or exiting the process is the caller's job.
 */
public final class OtpVerifierWindow extends JFrame implements InboxWindow.FormOwner {

    private final transient AppServices services;
    private final transient Preferences preferences;
    private final transient Runnable whenClosed;
    private final VerifierPanel verifierPanel;
    private ReadableColumn column;
    private final JPanel bannerHolder = new JPanel(new BorderLayout());
    private final NoticePanel banner = new NoticePanel("banner", true);
    private final JButton showInboxButton = new JButton();
    private final JButton setUpButton = new JButton();
    private final JButton openSettingsButton = new JButton();
    private final JMenuItem inboxItem = new JMenuItem();
    private InboxWindow inboxWindow;
    private boolean firstStart;

    /** One daemon thread that reads the clipboard when the window gains focus. */
    private static final java.util.concurrent.ExecutorService CLIPBOARD_READER =
            java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "otp-clipboard");
                thread.setDaemon(true);
                return thread;
            });

    private OtpVerifierWindow(AppServices services, Preferences preferences, Runnable whenClosed) {
        super(UiText.plain("app.title"));
        this.services = services;
        this.preferences = preferences;
        this.whenClosed = whenClosed;
        this.verifierPanel = new VerifierPanel(services, Clock.systemDefaultZone());
        initComponents();
        initMenus();
        initListeners();
        renderBanner();
        initPlacement();
    }

    /**
     * Opens the window. May be called from any thread; returns at once, the window appears on the
     * event dispatch thread.
     *
     * @param services what the window works with
     * @param preferences where the theme and the window's place are remembered (the app keeps them in a
     *     small file in the user's configuration directory)
     * @param whenClosed run on the event dispatch thread after the window was closed and disposed
     *     (the app may stop its demo server and exit there)
     */
    public static void open(AppServices services, Preferences preferences, Runnable whenClosed) {
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(preferences, "preferences");
        Objects.requireNonNull(whenClosed, "whenClosed");
        SwingUtilities.invokeLater(() -> show(services, preferences, whenClosed));
    }

    /**
     * Installs the saved theme on the event dispatch thread and returns at once, so that the look
     * and feel is set up while the caller's thread loads the configuration. Optional: {@link #open}
     * does it too when it has not been done.
     *
     * @param preferences where the theme is remembered
     */
    public static void prepareLookAndFeel(Preferences preferences) {
        Objects.requireNonNull(preferences, "preferences");
        SwingUtilities.invokeLater(() -> Theme.saved(preferences).installIfNeeded());
        // Meanwhile, on the calling thread: the window's words (a resource bundle whose first load
        // would otherwise cost the event dispatch thread 10-20 ms before the first frame).
        UiText.raw("app.title");
    }

    /**
     * Creates and shows the window; for callers already on the event dispatch thread (tests).
     *
     * @param services what the window works with
     * @param preferences where the theme and the window's place are remembered
     * @param whenClosed run after the window was closed and disposed
     * @return the visible window
     * @throws IllegalStateException when called off the event dispatch thread
     */
    public static OtpVerifierWindow show(AppServices services, Preferences preferences, Runnable whenClosed) {
        if (!SwingUtilities.isEventDispatchThread()) {
            throw new IllegalStateException("OtpVerifierWindow.show must run on the event dispatch thread; "
                    + "use OtpVerifierWindow.open from other threads");
        }
        if (Theme.saved(preferences).installIfNeeded()) {
            FlatLaf.updateUI();
        }
        OtpVerifierWindow window = new OtpVerifierWindow(services, preferences, whenClosed);
        window.setVisible(true);
        // The main window first: the icon (Java's until then) and the inbox follow a moment later, once
        // the address field can be typed in.
        javax.swing.Timer afterFirstFrame = new javax.swing.Timer(250, event -> {
            if (window.isDisplayable()) {
                AppIcon.applyTo(window);
            }
            window.openInboxIfDemo();
        });
        afterFirstFrame.setRepeats(false);
        afterFirstFrame.start();
        return window;
    }

    // ---- construction --------------------------------------------------------------------------

    private void initComponents() {
        setName("main");
        setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        showInboxButton.setName("showInbox");
        Components.labelled(showInboxButton, "demo.inbox", "demo.inbox.description");
        setUpButton.setName("setUpRealEmail");
        Components.labelled(setUpButton, "demo.setup", "demo.setup.description");
        openSettingsButton.setName("openSettings");
        Components.labelled(openSettingsButton, "config.open", "config.open.description");
        bannerHolder.setOpaque(false);
        bannerHolder.add(banner, BorderLayout.CENTER);
        bannerHolder.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(16), UIScale.scale(24), 0,
                UIScale.scale(24)));
        JPanel form = new JPanel(new BorderLayout());
        form.add(bannerHolder, BorderLayout.NORTH);
        form.add(verifierPanel, BorderLayout.CENTER);
        column = new ReadableColumn(form);
        getContentPane().add(column, BorderLayout.CENTER);
    }

    /**
     * The part of this window that the demo inbox must not cover, on the screen: the whole window,
     * or only the form's column when the window is much wider than it (maximised, say).
     */
    @Override
    public Rectangle formArea() {
        Rectangle window = getBounds();
        if (!column.isShowing()) {
            return window;
        }
        // From the window's bounds, not getLocationOnScreen(): on X11 that lags behind a move until the
        // window manager has confirmed it, and the window may have just been moved beside the inbox.
        java.awt.Point corner = SwingUtilities.convertPoint(column.content(), 0, 0, this);
        Rectangle form = new Rectangle(window.x + corner.x, window.y + corner.y, column.content().getWidth(),
                column.content().getHeight());
        return form.width + UIScale.scale(48) < window.width ? form : window;
    }

    private void initMenus() {
        JMenuBar bar = new JMenuBar();
        JMenu file = menu("menu.file");
        JMenuItem settings = item("menu.settings", "settingsMenu");
        settings.setAccelerator(KeyStroke.getKeyStroke(KeyEvent.VK_COMMA,
                Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx()));
        settings.addActionListener(event -> settingsClicked());
        file.add(settings);
        Components.setText(inboxItem, "menu.inbox");
        inboxItem.setName("inboxMenu");
        inboxItem.setAccelerator(KeyStroke.getKeyStroke(KeyEvent.VK_I,
                Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx()));
        inboxItem.addActionListener(event -> showInboxClicked());
        file.add(inboxItem);
        file.addSeparator();
        JMenuItem quit = item("menu.quit", "quitMenu");
        quit.setAccelerator(KeyStroke.getKeyStroke(KeyEvent.VK_Q,
                Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx()));
        quit.addActionListener(event -> quitClicked());
        file.add(quit);
        bar.add(file);

        JMenu view = menu("menu.view");
        ButtonGroup themes = new ButtonGroup();
        JRadioButtonMenuItem light = new JRadioButtonMenuItem();
        Components.setText(light, "menu.light");
        light.setName("lightMenu");
        JRadioButtonMenuItem dark = new JRadioButtonMenuItem();
        Components.setText(dark, "menu.dark");
        dark.setName("darkMenu");
        themes.add(light);
        themes.add(dark);
        (Theme.current() == Theme.DARK ? dark : light).setSelected(true);
        light.addActionListener(event -> themeChosen(Theme.LIGHT));
        dark.addActionListener(event -> themeChosen(Theme.DARK));
        view.add(light);
        view.add(dark);
        bar.add(view);
        setJMenuBar(bar);
    }

    private static JMenu menu(String key) {
        JMenu menu = new JMenu();
        Components.setText(menu, key);
        return menu;
    }

    private static JMenuItem item(String key, String name) {
        JMenuItem item = new JMenuItem();
        Components.setText(item, key);
        item.setName(name);
        return item;
    }

    private void initListeners() {
        showInboxButton.addActionListener(event -> showInboxClicked());
        setUpButton.addActionListener(event -> settingsClicked());
        openSettingsButton.addActionListener(event -> settingsClicked());
        addWindowFocusListener(new WindowAdapter() {
            @Override
            public void windowGainedFocus(WindowEvent e) {
                focusGained();
            }
        });
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowOpened(WindowEvent e) {
                WindowPlacement.restoreContentSize(OtpVerifierWindow.this, preferences);
                settleContentSize();
                verifierPanel.initialFocus().requestFocusInWindow();
            }

            @Override
            public void windowClosing(WindowEvent e) {
                WindowPlacement.save(OtpVerifierWindow.this, preferences);
            }

            @Override
            public void windowClosed(WindowEvent e) {
                windowWasClosed();
            }
        });
        services.addChangeListener(() -> SwingUtilities.invokeLater(this::servicesChanged));
        services.inbox().ifPresent(inbox -> inbox.addListener(message ->
                SwingUtilities.invokeLater(() -> messageArrived(message))));
    }

    private void initPlacement() {
        pack();
        int width = Math.max(getWidth(), UIScale.scale(540));
        // Wrapped text is only as tall as it is once its width is known: lay out at the final width,
        // then ask again.
        for (int pass = 0; pass < 2; pass++) {
            setSize(width, getHeight());
            validate();
            setSize(width, getPreferredSize().height);
        }
        Dimension minimum = new Dimension(width, Math.max(getHeight(), UIScale.scale(440)));
        setMinimumSize(minimum);
        setSize(minimum);
        WindowPlacement.restore(this, preferences);
        firstStart = WindowPlacement.saved(preferences).isEmpty();
    }

    /**
     * The window manager may add its decorations a moment after the window opened, which shrinks
     * the content: correct the size a few more times during the first second.
     */
    private void settleContentSize() {
        int[] remaining = {5};
        javax.swing.Timer timer = new javax.swing.Timer(200, null);
        timer.addActionListener(event -> {
            if (--remaining[0] <= 0 || !isDisplayable()) {
                timer.stop();
            }
            if (isDisplayable()) {
                WindowPlacement.restoreContentSize(this, preferences);
            }
        });
        timer.start();
    }

    /** Makes the window taller when its content grew (a banner or a long status appeared). */
    void growToFitContent() {
        if (!isDisplayable() || (getExtendedState() & MAXIMIZED_BOTH) != 0) {
            return;
        }
        validate();
        int missing = getContentPane().getPreferredSize().height - getContentPane().getHeight();
        if (missing > 0) {
            Rectangle screen = getGraphicsConfiguration().getBounds();
            int height = Math.min(getHeight() + missing, screen.height);
            setSize(getWidth(), height);
            if (getY() + height > screen.y + screen.height) {
                setLocation(getX(), Math.max(screen.y, screen.y + screen.height - height));
            }
        }
    }

    // ---- handlers ------------------------------------------------------------------------------

    private void settingsClicked() {
        SettingsDialog dialog = new SettingsDialog(this, services);
        dialog.setVisible(true);
    }

    private void showInboxClicked() {
        inboxWindow().showBeside(this, true);
    }

    private void quitClicked() {
        dispatchEvent(new WindowEvent(this, WindowEvent.WINDOW_CLOSING));
    }

    private void themeChosen(Theme theme) {
        theme.save(preferences);
        if (Theme.current() != theme) {
            theme.install();
            FlatLaf.updateUI();
        }
        renderBanner();
    }

    private void focusGained() {
        // Read off the event dispatch thread: the clipboard belongs to another application, which may
        // take its time to answer (on X11 the toolkit waits seconds), and the window must not wait with
        // it, nor delay the focus that follows this event.
        CLIPBOARD_READER.execute(() -> {
            Optional<String> text = Clipboards.text();
            SwingUtilities.invokeLater(() -> {
                if (isDisplayable()) {
                    verifierPanel.clipboardMayHaveCode(text);
                }
            });
        });
    }

    private void servicesChanged() {
        verifierPanel.servicesChanged();
        renderBanner();
        if (!services.demoMode() && inboxWindow != null) {
            // Real mail now: the demo inbox and its old messages have nothing more to show.
            inboxWindow.dispose();
            inboxWindow = null;
        }
    }

    private void messageArrived(InboxMessage message) {
        if (isDisplayable()) {
            inboxWindow().messageArrived(message, this);
        }
    }

    private void windowWasClosed() {
        WindowPlacement.save(this, preferences);
        if (inboxWindow != null) {
            inboxWindow.dispose();
        }
        whenClosed.run();
    }

    // ---- rendering -----------------------------------------------------------------------------

    private void openInboxIfDemo() {
        if (isDisplayable() && services.demoMode() && services.inbox().isPresent()) {
            InboxWindow inbox = inboxWindow();
            if (firstStart) {
                centrePairOnScreen(inbox);
            }
            inbox.showBesideIfRoom(this);
        }
    }

    /** On a first start in demo mode, moves this window left so that it and the inbox fit side by side. */
    private void centrePairOnScreen(InboxWindow inbox) {
        Rectangle screen = getGraphicsConfiguration().getBounds();
        int gap = UIScale.scale(12);
        int total = getWidth() + gap + inbox.getWidth();
        if (total <= screen.width) {
            setLocation(screen.x + (screen.width - total) / 2, getY());
        }
    }

    private InboxWindow inboxWindow() {
        if (inboxWindow == null) {
            inboxWindow = new InboxWindow(services.inbox().orElseThrow(
                    () -> new IllegalStateException("the demo inbox exists only in demo mode")));
        }
        return inboxWindow;
    }

    private void renderBanner() {
        boolean demo = services.demoMode();
        inboxItem.setVisible(demo && services.inbox().isPresent());
        Optional<ConfigException> problem = services.configProblem();
        if (demo) {
            banner.show(Tone.INFO, UiText.plain("demo.banner"), showInboxButton, setUpButton);
        } else if (problem.isPresent() && services.otpService().isEmpty()) {
            String lines = problem.get().problems().stream()
                    .map(each -> "• " + each.key() + ": " + each.message())
                    .collect(Collectors.joining("\n"));
            banner.show(Tone.ERROR, UiText.format("config.banner", problem.get().sourceDescription()) + "\n" + lines,
                    openSettingsButton);
        } else if (!services.configWarnings().isEmpty()) {
            String lines = services.configWarnings().stream().map(each -> "• " + each)
                    .collect(Collectors.joining("\n"));
            banner.show(Tone.WARNING, UiText.plain("config.warnings") + "\n" + lines, openSettingsButton);
        } else {
            banner.setVisible(false);
        }
        bannerHolder.setVisible(banner.isVisible());
        revalidate();
        repaint();
        SwingUtilities.invokeLater(this::growToFitContent);
    }
}
