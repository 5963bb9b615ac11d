package dev.otpverifier.ui.inbox;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.util.UIScale;
import dev.otpverifier.ui.common.AppIcon;
import dev.otpverifier.ui.common.Components;
import dev.otpverifier.ui.common.UiText;
import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Frame;
import java.awt.GraphicsConfiguration;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.Rectangle;
import java.awt.Window;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JEditorPane;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTextArea;
import javax.swing.ScrollPaneConstants;
import javax.swing.ListCellRenderer;
import javax.swing.ListSelectionModel;
import javax.swing.SwingConstants;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.WindowConstants;

/**
 * The demo inbox: the messages the built-in mail server received, newest first, and the selected
 * one as its recipient would see it (the HTML part rendered, the plain-text part on a second tab).
 *
 * <p>A new message brings the window forward without taking the keyboard focus, so a person
 * typing the code in the main window is not interrupted. Event dispatch thread only.
 */
public final class InboxWindow extends JFrame {

    /**
     * A window with a form that the inbox must leave in sight, such as the main window, which may
     * be much wider than its form (maximised, say). Of any other window, all of it stays in sight.
     */
    public interface FormOwner {
        /** The part of this window that the inbox must not cover, on the screen. */
        Rectangle formArea();
    }

    private static final String EMPTY_CARD = "empty";
    /** The narrowest the inbox is made to fit beside the main window (unscaled pixels). */
    static final int MIN_WIDTH = 420;
    private static final String MESSAGE_CARD = "message";
    /** Whole messages the list shows before it scrolls. */
    public static final int VISIBLE_MESSAGES = 3;

    private final DefaultListModel<InboxMessage> messages = new DefaultListModel<>();
    private final JList<InboxMessage> list = new JList<>(messages);
    private final JPanel viewer = new JPanel(new CardLayout());
    private final JLabel fromValue = new JLabel();
    private final JLabel toValue = new JLabel();
    private final JLabel subjectValue = new JLabel();
    private final JLabel dateValue = new JLabel();
    private final JEditorPane htmlPane = new JEditorPane();
    private final JTextArea textPane = new JTextArea();
    private final JTabbedPane tabs = new JTabbedPane();
    private final DateTimeFormatter timeFormat = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
            .withLocale(Locale.getDefault(Locale.Category.FORMAT)).withZone(ZoneId.systemDefault());
    private final DateTimeFormatter shortTime = DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM)
            .withLocale(Locale.getDefault(Locale.Category.FORMAT)).withZone(ZoneId.systemDefault());
    private Timer focusableAgain;

    /** Creates the window with the messages {@code inbox} holds now. */
    public InboxWindow(Inbox inbox) {
        super(UiText.plain("inbox.title"));
        AppIcon.applyTo(this);
        initComponents();
        initLayout();
        initListeners();
        List<InboxMessage> existing = inbox.messages();
        for (InboxMessage message : existing) {
            messages.addElement(message);
        }
        if (!messages.isEmpty()) {
            list.setSelectedIndex(0);
        }
        selectionChanged();
    }

    private void initComponents() {
        setName("inbox");
        setDefaultCloseOperation(WindowConstants.HIDE_ON_CLOSE);
        list.setName("inboxList");
        list.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        list.setCellRenderer(new MessageRenderer());
        Components.describe(list, UiText.plain("inbox.list"), UiText.plain("inbox.list.description"));

        htmlPane.setName("inboxHtml");
        htmlPane.setContentType("text/html");
        htmlPane.setEditable(false);
        htmlPane.getDocument().putProperty("IgnoreCharsetDirective", Boolean.TRUE);
        Components.describe(htmlPane, UiText.plain("inbox.html").replace("&", ""),
                UiText.plain("inbox.view.description"));
        textPane.setName("inboxText");
        textPane.setEditable(false);
        textPane.setLineWrap(true);
        textPane.setWrapStyleWord(true);
        textPane.setMargin(new Insets(UIScale.scale(12), UIScale.scale(12), UIScale.scale(12), UIScale.scale(12)));
        Components.describe(textPane, UiText.plain("inbox.text"), UiText.plain("inbox.view.description"));
        subjectValue.putClientProperty(FlatClientProperties.STYLE_CLASS, "large");
        subjectValue.setName("inboxSubject");
    }

    private void initLayout() {
        JPanel header = new JPanel(new GridBagLayout());
        header.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(10), UIScale.scale(12), UIScale.scale(10),
                UIScale.scale(12)));
        addHeaderRow(header, 0, "inbox.subject", subjectValue);
        addHeaderRow(header, 1, "inbox.from", fromValue);
        addHeaderRow(header, 2, "inbox.to", toValue);
        addHeaderRow(header, 3, "inbox.date", dateValue);

        tabs.setName("inboxTabs");
        tabs.addTab(UiText.plain("inbox.html"), new JScrollPane(htmlPane));
        tabs.setMnemonicAt(0, Character.toUpperCase(UiText.plain("inbox.html").charAt(UiText.mnemonicIndex("inbox.html"))));
        tabs.addTab(UiText.plain("inbox.text"), new JScrollPane(textPane));
        tabs.setMnemonicAt(1, Character.toUpperCase(UiText.plain("inbox.text").charAt(UiText.mnemonicIndex("inbox.text"))));

        JPanel message = new JPanel(new BorderLayout());
        message.add(header, BorderLayout.NORTH);
        message.add(tabs, BorderLayout.CENTER);

        JLabel empty = new JLabel(UiText.plain("inbox.empty"), SwingConstants.CENTER);
        empty.setName("inboxEmpty");
        empty.putClientProperty(FlatClientProperties.STYLE, "foreground: $Label.disabledForeground");
        viewer.add(empty, EMPTY_CARD);
        viewer.add(message, MESSAGE_CARD);

        JScrollPane listScroll = new JScrollPane(list, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER); // a long address is cut, not scrolled
        listScroll.setMinimumSize(new Dimension(0, UIScale.scale(60)));
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, listScroll, viewer);
        split.setResizeWeight(0.0);
        int row = messageRowHeight();
        list.setFixedCellHeight(row); // every message two lines high, even one with an empty subject
        Insets insets = listScroll.getInsets();
        split.setDividerLocation(VISIBLE_MESSAGES * row + insets.top + insets.bottom);
        getContentPane().add(split, BorderLayout.CENTER);
        setSize(UIScale.scale(660), UIScale.scale(640));
        setMinimumSize(new Dimension(UIScale.scale(480), UIScale.scale(320)));
    }

    /** The height of one message in the list (two lines), measured on a sample. */
    private int messageRowHeight() {
        InboxMessage sample = new InboxMessage(Instant.EPOCH, "name@example.com", "sender@example.com",
                "000000 is your verification code", "", "");
        return list.getCellRenderer().getListCellRendererComponent(list, sample, 0, false, false)
                .getPreferredSize().height;
    }

    private static void addHeaderRow(JPanel header, int row, String key, JLabel value) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridy = row;
        c.anchor = GridBagConstraints.BASELINE_LEADING;
        c.insets = new Insets(0, 0, UIScale.scale(2), UIScale.scale(10));
        JLabel label = new JLabel(UiText.plain(key));
        label.putClientProperty(FlatClientProperties.STYLE, "foreground: $Label.disabledForeground");
        label.setLabelFor(value);
        header.add(label, c);
        c.gridx = 1;
        c.weightx = 1;
        c.fill = GridBagConstraints.HORIZONTAL;
        c.insets = new Insets(0, 0, UIScale.scale(2), 0);
        header.add(value, c);
        value.getAccessibleContext().setAccessibleName(UiText.plain(key));
    }

    private void initListeners() {
        list.addListSelectionListener(event -> {
            if (!event.getValueIsAdjusting()) {
                selectionChanged();
            }
        });
    }

    /**
     * Shows the window beside {@code main}.
     *
     * @param focus whether it should take the focus (asked for by the person) or not (opened by itself)
     */
    public void showBeside(Window main, boolean focus) {
        if (getExtendedState() == Frame.ICONIFIED) {
            setExtendedState(Frame.NORMAL);
        }
        if (!isVisible() || coversForm(main)) {
            placeBeside(main);
        }
        if (focus) {
            setFocusableWindowState(true);
            setAutoRequestFocus(true);
            setVisible(true);
            toFront();
            list.requestFocusInWindow();
        } else {
            bringForwardWithoutFocus();
        }
    }

    /** A message arrived: list it first, show it, and bring the window forward without the focus. */
    public void messageArrived(InboxMessage message, Window main) {
        if (!messages.contains(message)) {
            messages.add(0, message);
        }
        list.setSelectedIndex(0);
        list.ensureIndexIsVisible(0);
        if (!isVisible() || coversForm(main)) {
            placeBeside(main); // the code field must stay in sight (the main window may have been maximised)
        }
        bringForwardWithoutFocus();
    }

    /** The messages listed, newest first (for tests). */
    public int messageCount() {
        return messages.size();
    }

    private void bringForwardWithoutFocus() {
        // A window that cannot take the focus cannot steal it; it becomes focusable again once the
        // window manager has raised it, so a click can still select it.
        setAutoRequestFocus(false);
        setFocusableWindowState(false);
        if (isVisible()) {
            toFront();
        } else {
            setVisible(true);
        }
        if (focusableAgain != null) {
            focusableAgain.stop();
        }
        focusableAgain = new Timer(500, event -> setFocusableWindowState(true));
        focusableAgain.setRepeats(false);
        focusableAgain.start();
    }

    /**
     * Beside the main window when there is room; else beside its form, when the window is much wider
     * than the form (maximised, say), so that the inbox covers only empty window.
     */
    private void placeBeside(Window main) {
        setBounds(placement(main.getGraphicsConfiguration().getBounds(), main.getBounds(), formArea(main), getSize(),
                UIScale.scale(12), UIScale.scale(MIN_WIDTH)));
    }

    /**
     * Where a window of {@code size} goes for a main window at {@code window} whose form takes
     * {@code form} of it: {@link #besidePlace beside the window}, unless it would then cover the
     * window and there is room beside the form instead. Swing-free, for tests.
     */
    static Rectangle placement(Rectangle screen, Rectangle window, Rectangle form, Dimension size, int gap,
            int minWidth) {
        Rectangle beside = besidePlace(screen, window, size, gap, minWidth);
        if (beside.intersects(window) && !form.equals(window)) {
            Rectangle besideForm = besidePlace(screen, form, size, gap, minWidth);
            if (!besideForm.intersects(form)) {
                return besideForm;
            }
        }
        return beside;
    }

    /** Whether this window hides part of the main window's form (never for a minimised main window). */
    private boolean coversForm(Window main) {
        if (main instanceof Frame frame && (frame.getExtendedState() & Frame.ICONIFIED) != 0) {
            return false;
        }
        return getBounds().intersects(formArea(main));
    }

    /** What of {@code main} must stay in sight: its form, or all of it. */
    private static Rectangle formArea(Window main) {
        return main instanceof FormOwner owner ? owner.formArea() : main.getBounds();
    }

    /**
     * Where a window of {@code size} goes beside {@code owner} on {@code screen}: right of it if
     * there is room, else left, else on the wider side made narrower (down to {@code minWidth}),
     * else over the owner's right edge (the screen is too small for both). Swing-free, for tests.
     */
    static Rectangle besidePlace(Rectangle screen, Rectangle owner, Dimension size, int gap, int minWidth) {
        int width = Math.min(size.width, screen.width);
        int height = Math.min(size.height, screen.height);
        int rightRoom = screen.x + screen.width - (owner.x + owner.width + gap);
        int leftRoom = owner.x - gap - screen.x;
        int x;
        if (rightRoom >= width) {
            x = owner.x + owner.width + gap;
        } else if (leftRoom >= width) {
            x = owner.x - gap - width;
        } else if (Math.max(rightRoom, leftRoom) >= minWidth) {
            width = Math.max(rightRoom, leftRoom);
            x = rightRoom >= leftRoom ? owner.x + owner.width + gap : screen.x;
        } else {
            x = Math.max(screen.x, screen.x + screen.width - width);
        }
        int y = Math.max(screen.y, Math.min(owner.y, screen.y + screen.height - height));
        return new Rectangle(x, y, width, height);
    }

    /**
     * Shows the window beside {@code main} without the focus, but only if it fits there without
     * covering {@code main}'s form: on a small screen an empty inbox over the main window would hide
     * the field the person is about to type in. It then appears with the first message, or on
     * request. (Over the empty part of a maximised main window is fine.)
     *
     * @return whether it was shown
     */
    public boolean showBesideIfRoom(Window main) {
        if (isVisible()) {
            return true;
        }
        placeBeside(main);
        if (coversForm(main)) {
            return false;
        }
        showBeside(main, false);
        return true;
    }

    private void selectionChanged() {
        InboxMessage selected = list.getSelectedValue();
        CardLayout cards = (CardLayout) viewer.getLayout();
        if (selected == null) {
            cards.show(viewer, messages.isEmpty() ? EMPTY_CARD : MESSAGE_CARD);
            if (messages.isEmpty()) {
                return;
            }
            list.setSelectedIndex(0);
            return;
        }
        cards.show(viewer, MESSAGE_CARD);
        subjectValue.setText(selected.subject());
        fromValue.setText(selected.from());
        toValue.setText(selected.to());
        dateValue.setText(timeFormat.format(selected.receivedAt()));
        htmlPane.getDocument().putProperty("IgnoreCharsetDirective", Boolean.TRUE);
        if (selected.html().isEmpty()) {
            htmlPane.setContentType("text/plain");
            htmlPane.setText(selected.text());
        } else {
            if (!"text/html".equals(htmlPane.getContentType())) {
                htmlPane.setContentType("text/html");
                htmlPane.getDocument().putProperty("IgnoreCharsetDirective", Boolean.TRUE);
            }
            htmlPane.setText(selected.html());
        }
        htmlPane.setCaretPosition(0);
        textPane.setText(selected.text());
        textPane.setCaretPosition(0);
    }

    /** Two lines per message: subject, then recipient and time. */
    private final class MessageRenderer extends JPanel implements ListCellRenderer<InboxMessage> {
        private final JLabel subject = new JLabel();
        private final JLabel details = new JLabel();

        MessageRenderer() {
            super(new BorderLayout(0, UIScale.scale(2)));
            setBorder(BorderFactory.createEmptyBorder(UIScale.scale(6), UIScale.scale(8), UIScale.scale(6),
                    UIScale.scale(8)));
            subject.putClientProperty(FlatClientProperties.STYLE, "font: bold");
            details.putClientProperty(FlatClientProperties.STYLE, "font: -1");
            add(subject, BorderLayout.NORTH);
            add(details, BorderLayout.SOUTH);
        }

        @Override
        public Component getListCellRendererComponent(JList<? extends InboxMessage> source, InboxMessage value,
                int index, boolean isSelected, boolean cellHasFocus) {
            subject.setText(value.subject());
            details.setText(value.to() + " · " + shortTime.format(value.receivedAt()));
            setBackground(isSelected ? source.getSelectionBackground() : source.getBackground());
            subject.setForeground(isSelected ? source.getSelectionForeground() : source.getForeground());
            details.setForeground(isSelected ? source.getSelectionForeground()
                    : UIManager.getColor("Label.disabledForeground"));
            getAccessibleContext().setAccessibleName(value.subject());
            return this;
        }
    }
}
