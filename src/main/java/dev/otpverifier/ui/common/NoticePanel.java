package dev.otpverifier.ui.common;

import com.formdev.flatlaf.util.UIScale;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GridBagLayout;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextArea;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;

/**
 * A rounded, tinted box with an icon, wrapped text and optional buttons: the status line, the
 * banners and the clipboard offer. Its colours come from {@link Tones}, so it follows the theme.
 * Event dispatch thread only.
 */
public final class NoticePanel extends JPanel {

    private final JLabel icon = new JLabel();
    private final JTextArea text = new JTextArea();
    private final JPanel actions;
    private final JPanel actionsHolder = new JPanel(new GridBagLayout());
    private final boolean actionsBelow;
    /** Every button this notice has shown: those not shown now miss a theme change otherwise. */
    private final java.util.Set<JButton> buttonsShown = new java.util.LinkedHashSet<>();
    private Tone tone = Tone.INFO;

    /**
     * Creates an empty, hidden notice with its buttons beside the text.
     *
     * @param name the component name (for tests) and accessible name
     */
    public NoticePanel(String name) {
        this(name, false);
    }

    /**
     * Creates an empty, hidden notice.
     *
     * @param name the component name (for tests) and accessible name
     * @param actionsBelow whether the buttons go under the text (for long texts) instead of beside it
     */
    public NoticePanel(String name, boolean actionsBelow) {
        super(new BorderLayout());
        this.actionsBelow = actionsBelow;
        this.actions = new JPanel(new FlowLayout(actionsBelow ? FlowLayout.LEADING : FlowLayout.TRAILING, 0, 0));
        setName(name);
        setOpaque(false);
        initComponents();
        setVisible(false);
        getAccessibleContext().setAccessibleName(name);
    }

    private void initComponents() {
        icon.setVerticalAlignment(SwingConstants.TOP);
        text.setName(getName() + ".text");
        text.setEditable(false);
        text.setFocusable(false);
        text.setLineWrap(true);
        text.setWrapStyleWord(true);
        text.setOpaque(false);
        text.setBorder(BorderFactory.createEmptyBorder());
        actions.setOpaque(false);
        actionsHolder.setOpaque(false);
        actionsHolder.add(actions);
        JPanel body = new JPanel(new BorderLayout());
        body.setOpaque(false);
        body.add(text, BorderLayout.CENTER);
        body.add(actionsBelow ? actions : actionsHolder, actionsBelow ? BorderLayout.PAGE_END : BorderLayout.LINE_END);
        add(icon, BorderLayout.LINE_START);
        add(body, BorderLayout.CENTER);
        updateInsets();
    }

    /** Shows {@code message} in {@code tone}, with {@code buttons} at the end (may be none). */
    public void show(Tone newTone, String message, JButton... buttons) {
        tone = newTone;
        if (!message.equals(text.getText())) {
            text.setText(message);
            text.getAccessibleContext().setAccessibleName(message);
        }
        icon.setIcon(Tones.icon(tone, 18));
        actions.removeAll();
        for (JButton button : buttons) {
            if (actions.getComponentCount() > 0) {
                actions.add(javax.swing.Box.createHorizontalStrut(UIScale.scale(6)));
            }
            actions.add(button);
            buttonsShown.add(button);
        }
        actions.setVisible(buttons.length > 0);
        actionsHolder.setVisible(buttons.length > 0);
        setVisible(true);
        revalidate();
        repaint();
    }

    /** Updates the text only, keeping tone and buttons (for countdowns). */
    public void setMessage(String message) {
        if (!message.equals(text.getText())) {
            text.setText(message);
        }
    }

    /** The text shown. */
    String message() {
        return text.getText();
    }

    /** The tone shown. */
    public Tone tone() {
        return tone;
    }

    @Override
    public void updateUI() {
        super.updateUI();
        if (icon != null) {
            updateInsets();
            text.setFont(UIManager.getFont("Label.font"));
            text.setForeground(UIManager.getColor("Label.foreground"));
        }
        if (buttonsShown != null) {
            // A button taken out of the notice is in no window, so a theme change passes it by; the
            // ones in it now are updated with the notice's other children.
            for (JButton button : buttonsShown) {
                if (button.getParent() == null) {
                    SwingUtilities.updateComponentTreeUI(button);
                }
            }
        }
    }

    private void updateInsets() {
        setBorder(BorderFactory.createEmptyBorder(UIScale.scale(10), UIScale.scale(12), UIScale.scale(10),
                UIScale.scale(10)));
        icon.setBorder(BorderFactory.createEmptyBorder(UIScale.scale(1), 0, 0, UIScale.scale(10)));
        actions.setBorder(actionsBelow ? BorderFactory.createEmptyBorder(UIScale.scale(8), 0, 0, 0)
                : BorderFactory.createEmptyBorder(0, UIScale.scale(12), 0, 0));
        text.setFont(UIManager.getFont("Label.font"));
        text.setForeground(UIManager.getColor("Label.foreground"));
    }

    @Override
    protected void paintComponent(Graphics g) {
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float arc = UIScale.scale(10f);
            float line = UIScale.scale(1f);
            RoundRectangle2D.Float shape = new RoundRectangle2D.Float(line / 2, line / 2, getWidth() - line,
                    getHeight() - line, arc, arc);
            g2.setColor(Tones.background(tone));
            g2.fill(shape);
            g2.setColor(Tones.border(tone));
            g2.setStroke(new java.awt.BasicStroke(line));
            g2.draw(shape);
        } finally {
            g2.dispose();
        }
        super.paintComponent(g);
    }
}
