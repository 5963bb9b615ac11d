package dev.otpverifier.bench;

import java.awt.FlowLayout;
import java.awt.event.FocusAdapter;
import java.awt.event.FocusEvent;
import javax.swing.JFrame;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;

/**
 * The floor of any Swing app: a bare {@link JFrame} with two text fields. Prints {@code READY} when
 * the first field has keyboard focus, the same signal the app gives under {@code -Dotp.startup.probe=true}.
 * With the argument {@code flatlaf} it installs FlatLaf first: the floor of any FlatLaf app.
 */
public final class BareFrame {

    private BareFrame() {
    }

    public static void main(String[] args) {
        boolean flatLaf = args.length > 0 && args[0].equals("flatlaf");
        SwingUtilities.invokeLater(() -> {
            if (flatLaf) {
                com.formdev.flatlaf.FlatLightLaf.setup();
            }
            JFrame frame = new JFrame("Bare");
            frame.setLayout(new FlowLayout());
            JTextField first = new JTextField(20);
            first.addFocusListener(new FocusAdapter() {
                @Override
                public void focusGained(FocusEvent e) {
                    System.out.println("READY");
                    System.out.flush();
                }
            });
            frame.add(first);
            frame.add(new JTextField(20));
            frame.setDefaultCloseOperation(JFrame.EXIT_ON_CLOSE);
            frame.pack();
            frame.setLocationRelativeTo(null);
            frame.setVisible(true);
        });
    }
}
