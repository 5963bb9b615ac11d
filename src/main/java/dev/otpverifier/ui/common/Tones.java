package dev.otpverifier.ui.common;

import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.util.ColorFunctions;
import com.formdev.flatlaf.util.UIScale;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import javax.swing.Icon;
import javax.swing.UIManager;

/**
 * The colours and icons of each {@link Tone}, taken from the current FlatLaf theme so that they
 * follow the light/dark switch. Event dispatch thread only.
 */
public final class Tones {

    private Tones() {
    }

    /** The tone's strong colour: icons and borders. */
    static Color accent(Tone tone) {
        String key = switch (tone) {
            case INFO -> "Actions.Blue";
            case SUCCESS -> "Actions.Green";
            case WARNING -> "Actions.Yellow";
            case ERROR -> "Actions.Red";
        };
        Color color = UIManager.getColor(key);
        if (color == null) {
            color = switch (tone) {
                case INFO -> new Color(0x389FD6);
                case SUCCESS -> new Color(0x59A869);
                case WARNING -> new Color(0xEDA200);
                case ERROR -> new Color(0xDB5860);
            };
        }
        return color;
    }

    /** The tone's pale background, a tint of the panel colour. */
    static Color background(Tone tone) {
        return ColorFunctions.mix(accent(tone), panel(), isDark() ? 0.22f : 0.11f);
    }

    /** The tone's border colour. */
    static Color border(Tone tone) {
        return ColorFunctions.mix(accent(tone), panel(), isDark() ? 0.55f : 0.40f);
    }

    /** The contrast small text needs against its background (WCAG 2.1, 1.4.3). */
    static final double TEXT_CONTRAST = 4.5;

    /**
     * Red for error text on the panel background (a field's problem, an expired code): the error
     * accent, made lighter on a dark theme or darker on a light one until it reads at
     * {@link #TEXT_CONTRAST} (FlatLaf's error border colour is 1.4:1 on its dark panel).
     */
    public static Color errorText() {
        Color panel = panel();
        Color accent = accent(Tone.ERROR);
        Color toward = isDark() ? Color.WHITE : Color.BLACK;
        Color color = accent;
        for (int step = 1; step <= 20 && contrast(color, panel) < TEXT_CONTRAST; step++) {
            color = ColorFunctions.mix(toward, accent, step / 20f);
        }
        return color;
    }

    /** The WCAG contrast ratio of two colours, from 1 to 21 (FlatLaf's luma is WCAG's relative luminance). */
    static double contrast(Color a, Color b) {
        double la = ColorFunctions.luma(a);
        double lb = ColorFunctions.luma(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static boolean isDark() {
        return FlatLaf.isLafDark();
    }

    private static Color panel() {
        Color color = UIManager.getColor("Panel.background");
        return color != null ? color : Color.WHITE;
    }

    /**
     * A round icon in the tone's colour: a tick, a cross, an exclamation mark or an "i". Its
     * colour is read when it is painted, so it follows a change of theme.
     */
    public static Icon icon(Tone tone, int size) {
        return new ToneIcon(tone, size);
    }

    /** Painted, not loaded, so it is sharp at any scale factor. */
    private static final class ToneIcon implements Icon {
        private final Tone tone;
        private final int size;

        ToneIcon(Tone tone, int size) {
            this.tone = tone;
            this.size = size;
        }

        @Override
        public int getIconWidth() {
            return UIScale.scale(size);
        }

        @Override
        public int getIconHeight() {
            return UIScale.scale(size);
        }

        @Override
        public void paintIcon(Component c, Graphics g, int x, int y) {
            Graphics2D g2 = (Graphics2D) g.create();
            try {
                g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                float s = UIScale.scale((float) size);
                g2.translate(x, y);
                g2.setColor(accent(tone));
                g2.fill(new Ellipse2D.Float(0, 0, s, s));
                g2.setColor(Color.WHITE);
                g2.setStroke(new BasicStroke(s * 0.12f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                Path2D.Float glyph = new Path2D.Float();
                switch (tone) {
                    case SUCCESS -> {
                        glyph.moveTo(s * 0.28, s * 0.52);
                        glyph.lineTo(s * 0.44, s * 0.67);
                        glyph.lineTo(s * 0.72, s * 0.36);
                        g2.draw(glyph);
                    }
                    case ERROR -> {
                        glyph.moveTo(s * 0.34, s * 0.34);
                        glyph.lineTo(s * 0.66, s * 0.66);
                        glyph.moveTo(s * 0.66, s * 0.34);
                        glyph.lineTo(s * 0.34, s * 0.66);
                        g2.draw(glyph);
                    }
                    case WARNING -> {
                        glyph.moveTo(s * 0.5, s * 0.25);
                        glyph.lineTo(s * 0.5, s * 0.56);
                        g2.draw(glyph);
                        float dot = s * 0.14f;
                        g2.fill(new Ellipse2D.Float(s * 0.5f - dot / 2, s * 0.70f, dot, dot));
                    }
                    case INFO -> {
                        glyph.moveTo(s * 0.5, s * 0.45);
                        glyph.lineTo(s * 0.5, s * 0.75);
                        g2.draw(glyph);
                        float dot = s * 0.14f;
                        g2.fill(new Ellipse2D.Float(s * 0.5f - dot / 2, s * 0.20f, dot, dot));
                    }
                    default -> throw new AssertionError(tone);
                }
            } finally {
                g2.dispose();
            }
        }
    }
}
