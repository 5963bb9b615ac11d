package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.config.AppConfig;
import dev.otpverifier.config.ConfigLoader;
import dev.otpverifier.config.Security;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.RequestResult;
import dev.otpverifier.ui.InboxMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo mode through the window's services, and the switch to real mail without a restart. */
class DesktopServicesIT {

    @TempDir
    Path dir;

    private static SmtpConfig configFor(DemoMailServer server) {
        return new SmtpConfig(server.host(), server.port(), Security.STARTTLS, server.username(), server.password(),
                false, server.certificateFile(), Duration.ofSeconds(5), List.of(), "verifier@example.com",
                "Real Sender");
    }

    @Test
    void demoModeDeliversToTheBuiltInInbox() throws Exception {
        try (DesktopServices services = DesktopServices.demo(dir.resolve("config.properties"), Clock.systemUTC())) {
            List<InboxMessage> arrived = new CopyOnWriteArrayList<>();
            services.inbox().orElseThrow().addListener(arrived::add);

            RequestResult result = services.otpService().orElseThrow().requestCode("kim@example.com");

            assertThat(result).isInstanceOf(RequestResult.Sent.class);
            for (int i = 0; i < 500 && arrived.isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertThat(arrived).singleElement().satisfies(message -> {
                assertThat(message.to()).isEqualTo("kim@example.com");
                assertThat(message.subject()).matches("\\d{6} is your verification code");
                assertThat(message.html()).contains("<html");
            });
            assertThat(services.inbox().orElseThrow().messages()).hasSize(1);
            assertThat(services.demoMode()).isTrue();
        }
    }

    @Test
    void savingRealSettingsSwitchesToTheNewServerWithoutARestart() throws Exception {
        Path configFile = dir.resolve("user/config.properties");
        try (DemoMailServer real = DemoMailServer.start(Clock.systemUTC());
                DesktopServices services = DesktopServices.demo(configFile, Clock.systemUTC())) {
            AtomicInteger changes = new AtomicInteger();
            services.addChangeListener(changes::incrementAndGet);
            services.otpService().orElseThrow().requestCode("lee@example.com"); // through the demo server

            services.testConnection(configFor(real));
            Path written = services.saveAndApply(configFor(real));
            RequestResult again = services.otpService().orElseThrow().requestCode("lee@example.com");
            RequestResult result = services.otpService().orElseThrow().requestCode("mo@example.com");

            assertThat(written).isEqualTo(configFile);
            assertThat(changes).hasValue(1);
            assertThat(services.demoMode()).isFalse();
            assertThat(services.inbox()).isEmpty();
            assertThat(again).as("codes, cooldowns and locks survive the switch: saving is no way to lift a limit")
                    .isInstanceOf(RequestResult.Cooldown.class);
            assertThat(result).isInstanceOf(RequestResult.Sent.class);
            assertThat(real.inbox().awaitCount(1, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(real.inbox().messages().get(0).envelopeTo()).isEqualTo("mo@example.com");
            AppConfig saved = new ConfigLoader(Map.of()).load(written);
            assertThat(saved.smtp().host()).isEqualTo(real.host());
            assertThat(saved.smtp().port()).isEqualTo(real.port());
            assertThat(Files.readString(written)).contains("smtp.password=");
        }
    }

    @Test
    void configurationWarningsReachTheWindowUntilNewSettingsAreSaved() throws Exception {
        try (DemoMailServer real = DemoMailServer.start(Clock.systemUTC())) {
            AppConfig withTypo = new ConfigLoader(Map.of("OTP_SMTP_PASSWORD", real.password())).parse(String.join("\n",
                    "smtp.host=" + real.host(), "smtp.port=" + real.port(), "smtp.username=" + real.username(),
                    "smtp.trust.certificate=" + real.certificateFile(), "mail.from=v@example.com", "smtp.hots=x", ""),
                    "test", dir, null);
            try (DesktopServices services = DesktopServices.real(withTypo, dir.resolve("c.properties"),
                    Clock.systemUTC())) {
                assertThat(services.configWarnings()).singleElement().asString().contains("Did you mean smtp.host?");

                services.saveAndApply(configFor(real));

                assertThat(services.configWarnings()).isEmpty();
            }
        }
    }

    @Test
    void testConnectionReportsAWrongPasswordInPlainWords() throws Exception {
        try (DemoMailServer real = DemoMailServer.start(Clock.systemUTC());
                DesktopServices services = DesktopServices.demo(dir.resolve("c.properties"), Clock.systemUTC())) {
            SmtpConfig wrong = new SmtpConfig(real.host(), real.port(), Security.STARTTLS, real.username(), "nope",
                    false, real.certificateFile(), Duration.ofSeconds(5), List.of(), "v@example.com", "");

            try {
                services.testConnection(wrong);
                throw new AssertionError("the wrong password was accepted");
            } catch (DeliveryException e) {
                assertThat(e.reason()).isEqualTo(DeliveryException.Reason.AUTHENTICATION);
            }
            assertThat(services.demoMode()).as("a failed test changes nothing").isTrue();
        }
    }
}
