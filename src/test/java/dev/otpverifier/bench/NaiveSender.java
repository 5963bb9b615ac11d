package dev.otpverifier.bench;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/**
 * The baseline: Jakarta Mail used the way its documentation shows, {@code Transport.send} with a
 * fresh connection each time and default sockets. The only addition is the trust the test server
 * needs (its own certificate), given the same way as in our sender, so both check the certificate.
 */
final class NaiveSender {

    private final Session session;
    private final String username;
    private final String password;

    NaiveSender(String host, int port, String username, String password, SSLContext trust) {
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.socketFactory", trust.getSocketFactory());
        this.session = Session.getInstance(props);
        this.username = username;
        this.password = password;
    }

    void send(String to, String code) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@example.com"));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        message.setSubject(code + " is your verification code");
        message.setText("Your verification code is " + code + ".");
        Transport.send(message, username, password);
    }
}
