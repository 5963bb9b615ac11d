package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;
import com.formdev.flatlaf.ui.FlatTextFieldUI;
import java.awt.Color;
import java.lang.reflect.Field;
import javax.swing.JTextField;
import javax.swing.LookAndFeel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.UnsupportedLookAndFeelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CodeFieldTest {

    private LookAndFeel before;

    @BeforeEach
    void remember() throws Exception {
        SwingUtilities.invokeAndWait(() -> before = UIManager.getLookAndFeel());
    }

    @AfterEach
    void restore() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            try {
                UIManager.setLookAndFeel(before);
            } catch (UnsupportedLookAndFeelException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void placeholderIsFaintInBothThemesAsFlatLafsOwnStyleWouldMakeIt() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            FlatLightLaf.setup();
            CodeField field = new CodeField(8);
            Color light = placeholder(field);
            assertThat(light).isEqualTo(styled(new JTextField(8)));
            assertThat(light.getAlpha()).isEqualTo(Math.round(255 * CodeField.PLACEHOLDER_OPACITY));
            assertThat(light.getRGB() & 0xffffff)
                    .isEqualTo(UIManager.getColor("TextField.placeholderForeground").getRGB() & 0xffffff);

            FlatDarkLaf.setup();
            SwingUtilities.updateComponentTreeUI(field);
            Color dark = placeholder(field);
            assertThat(dark).isEqualTo(styled(new JTextField(8))).isNotEqualTo(light);
        });
    }

    @Test
    void anOrdinaryFieldKeepsFlatLafsPlaceholder() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            FlatLightLaf.setup();
            assertThat(placeholder(new JTextField(8)).getAlpha()).isEqualTo(255);
        });
    }

    /** The colour FlatLaf's style property gave the code field before {@link CodeField} replaced it. */
    private static Color styled(JTextField field) {
        field.putClientProperty(FlatClientProperties.STYLE, "placeholderForeground: fade($TextField.placeholderForeground,45%)");
        return placeholder(field);
    }

    private static Color placeholder(JTextField field) {
        try {
            Field color = FlatTextFieldUI.class.getDeclaredField("placeholderForeground");
            color.setAccessible(true);
            return (Color) color.get(field.getUI());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
