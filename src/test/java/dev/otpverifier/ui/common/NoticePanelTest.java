package dev.otpverifier.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.awt.Color;
import javax.swing.JButton;
import javax.swing.LookAndFeel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.UnsupportedLookAndFeelException;
import org.junit.jupiter.api.Test;

class NoticePanelTest {

    @Test
    void aButtonTheNoticeShowedEarlierFollowsAThemeChangeToo() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            LookAndFeel before = UIManager.getLookAndFeel();
            try {
                FlatLightLaf.setup();
                NoticePanel notice = new NoticePanel("status");
                JButton startOver = new JButton("Verify another address");
                JButton resend = new JButton("Send a new code");
                notice.show(Tone.SUCCESS, "Verified", startOver);
                notice.show(Tone.ERROR, "Wrong code", resend); // startOver is taken out, into no window
                assertThat(startOver.getParent()).isNull();

                FlatDarkLaf.setup();
                SwingUtilities.updateComponentTreeUI(notice);
                Color dark = UIManager.getColor("Button.background");
                assertThat(startOver.getBackground()).isEqualTo(dark);
                assertThat(resend.getBackground()).isEqualTo(dark);
            } finally {
                try {
                    UIManager.setLookAndFeel(before);
                } catch (UnsupportedLookAndFeelException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }
}
