package dev.otpverifier.ui;

import com.formdev.flatlaf.util.UIScale;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Insets;
import java.awt.LayoutManager;
import javax.swing.JComponent;
import javax.swing.JPanel;

/**
 * Holds a form at a readable width: as wide as the window up to {@link #MAX_WIDTH}, then no wider,
 * at the leading edge. A maximised window would otherwise stretch an address field across the
 * whole screen, far from its button; the space left beside the column is where the demo inbox can
 * go without covering the form.
 */
final class ReadableColumn extends JPanel {

    /** The widest the form is laid out (unscaled pixels). */
    static final int MAX_WIDTH = 640;

    private final JComponent content;

    ReadableColumn(JComponent content) {
        super(null);
        this.content = content;
        setLayout(new ColumnLayout());
        setOpaque(false);
        add(content);
    }

    /** The form itself, whose bounds are the column's used part. */
    JComponent content() {
        return content;
    }

    /** The width the content gets when the column is {@code available} pixels wide. */
    static int contentWidth(int available, int preferred, int maxWidth) {
        return Math.min(available, Math.max(preferred, maxWidth));
    }

    private final class ColumnLayout implements LayoutManager {
        @Override
        public void addLayoutComponent(String name, Component component) {
            // The one component is the content.
        }

        @Override
        public void removeLayoutComponent(Component component) {
            // Nothing kept per component.
        }

        @Override
        public Dimension preferredLayoutSize(Container parent) {
            return plusInsets(content.getPreferredSize());
        }

        @Override
        public Dimension minimumLayoutSize(Container parent) {
            return plusInsets(content.getMinimumSize());
        }

        @Override
        public void layoutContainer(Container parent) {
            Insets insets = getInsets();
            int available = getWidth() - insets.left - insets.right;
            int width = contentWidth(available, content.getPreferredSize().width, UIScale.scale(MAX_WIDTH));
            int x = getComponentOrientation().isLeftToRight() ? insets.left : getWidth() - insets.right - width;
            content.setBounds(x, insets.top, width, getHeight() - insets.top - insets.bottom);
        }

        private Dimension plusInsets(Dimension size) {
            Insets insets = getInsets();
            return new Dimension(size.width + insets.left + insets.right, size.height + insets.top + insets.bottom);
        }
    }
}
