package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.formdev.flatlaf.util.UIScale;
import java.awt.ComponentOrientation;
import java.awt.Dimension;
import javax.swing.JPanel;
import org.junit.jupiter.api.Test;

class ReadableColumnTest {

    @Test
    void theFormTakesTheWidthUpToTheLimitAndNoMore() {
        assertThat(ReadableColumn.contentWidth(500, 300, 640)).isEqualTo(500);
        assertThat(ReadableColumn.contentWidth(1200, 300, 640)).isEqualTo(640);
        assertThat(ReadableColumn.contentWidth(1200, 800, 640)).as("never narrower than it needs").isEqualTo(800);
        assertThat(ReadableColumn.contentWidth(700, 800, 640)).as("nor wider than there is").isEqualTo(700);
    }

    @Test
    void aWideColumnKeepsTheFormAtTheLeadingEdge() {
        JPanel form = new JPanel();
        form.setPreferredSize(new Dimension(300, 200));
        ReadableColumn column = new ReadableColumn(form);
        int limit = UIScale.scale(ReadableColumn.MAX_WIDTH);

        column.setSize(limit + 500, 400);
        column.doLayout();
        assertThat(form.getBounds()).isEqualTo(new java.awt.Rectangle(0, 0, limit, 400));

        column.applyComponentOrientation(ComponentOrientation.RIGHT_TO_LEFT);
        column.doLayout();
        assertThat(form.getX()).as("right to left: at the right edge").isEqualTo(500);

        column.setSize(limit - 100, 400);
        column.doLayout();
        assertThat(form.getWidth()).isEqualTo(limit - 100);
        assertThat(column.getPreferredSize()).isEqualTo(new Dimension(300, 200));
    }
}
