package dev.otpverifier.ui.common;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.Window;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The app's own icon for title bars, the task bar and the window switcher (without it, they show
 * Java's coffee cup): a white envelope on a blue tile, with a green check from 24 pixels up. Drawn
 * in code at each size the desktop may ask for, so it is sharp at all of them and needs no image
 * decoder. Thread-safe: the images are made once, on first use, and never changed.
 */
public final class AppIcon {

    /** The sizes window managers and task bars pick from (16 for title bars, larger for switchers). */
    static final List<Integer> SIZES = List.of(16, 20, 24, 32, 40, 48, 64, 128, 256);
    static final Color TILE_TOP = new Color(0x3B8EEA);
    static final Color TILE_BOTTOM = new Color(0x1F5FB4);
    static final Color CHECK = new Color(0x2E9E5B);
    /** The smallest size with the check: below it the check would blur into the envelope. */
    static final int CHECK_FROM = 24;

    private AppIcon() {
    }

    /** The icon at every size in {@link #SIZES}, smallest first. */
    public static List<Image> images() {
        return Drawn.IMAGES;
    }

    /** Drawn when first asked for (the class is initialised once, whatever the thread). */
    private static final class Drawn {
        static final List<Image> IMAGES = drawAll();

        private static List<Image> drawAll() {
            List<Image> drawn = new ArrayList<>();
            for (int size : SIZES) {
                drawn.add(draw(size));
            }
            return List.copyOf(drawn);
        }
    }

    /** Gives {@code window} the app's icon (its dialogs show their owner's). */
    public static void applyTo(Window window) {
        window.setIconImages(images());
    }

    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            float s = size;
            // The tile: a rounded square, lighter at the top.
            g.setPaint(new GradientPaint(0, 0, TILE_TOP, 0, s, TILE_BOTTOM));
            g.fill(new RoundRectangle2D.Float(0, 0, s, s, s * 0.44f, s * 0.44f));
            // The envelope: a white card with the flap drawn in the tile's colour.
            float left = s * 0.17f;
            float top = s * 0.27f;
            float width = s * 0.66f;
            float height = s * 0.46f;
            g.setColor(Color.WHITE);
            g.fill(new RoundRectangle2D.Float(left, top, width, height, s * 0.08f, s * 0.08f));
            g.setColor(TILE_BOTTOM);
            g.setStroke(new BasicStroke(Math.max(1f, s * 0.055f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D.Float flap = new Path2D.Float();
            flap.moveTo(left + s * 0.04f, top + s * 0.05f);
            flap.lineTo(s * 0.5f, top + height * 0.56f);
            flap.lineTo(left + width - s * 0.04f, top + s * 0.05f);
            g.draw(flap);
            if (size >= CHECK_FROM) {
                drawCheck(g, s);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A green disc with a white check at the lower right, ringed in white to stand off the envelope. */
    private static void drawCheck(Graphics2D g, float s) {
        float diameter = s * 0.42f;
        float x = s * 0.955f - diameter;
        float y = s * 0.955f - diameter;
        float ring = s * 0.045f;
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Float(x - ring, y - ring, diameter + 2 * ring, diameter + 2 * ring));
        g.setColor(CHECK);
        g.fill(new Ellipse2D.Float(x, y, diameter, diameter));
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(1.2f, s * 0.06f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Float check = new Path2D.Float();
        check.moveTo(x + diameter * 0.27f, y + diameter * 0.52f);
        check.lineTo(x + diameter * 0.44f, y + diameter * 0.68f);
        check.lineTo(x + diameter * 0.74f, y + diameter * 0.35f);
        g.draw(check);
    }
}
