package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.config.AppConfig;
import dev.otpverifier.config.ConfigLoader;
import dev.otpverifier.config.Security;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.OtpPolicy;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.otp.RequestResult;
import dev.otpverifier.otp.VerifyResult;
import dev.otpverifier.ui.inbox.InboxMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        try (DesktopServices services = DesktopServices.demo(dir.resolve("config.properties"), Clock.systemUTC(), LimitLedger.none(), signIns())) {
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
        SteppingClock clock = new SteppingClock(Instant.now());
        try (DemoMailServer real = DemoMailServer.start(Clock.systemUTC());
                DesktopServices services = DesktopServices.demo(configFile, clock, LimitLedger.none(), signIns())) {
            AtomicInteger changes = new AtomicInteger();
            services.addChangeListener(changes::incrementAndGet);
            List<InboxMessage> demoInbox = new CopyOnWriteArrayList<>();
            services.inbox().orElseThrow().addListener(demoInbox::add);
            services.otpService().orElseThrow().requestCode("lee@example.com"); // through the demo server
            String demoCode = codeIn(awaitFirst(demoInbox).subject());

            services.testConnection(configFor(real));
            Path written = services.saveAndApply(configFor(real));
            OtpService service = services.otpService().orElseThrow();

            assertThat(written).isEqualTo(configFile);
            assertThat(changes).hasValue(1);
            assertThat(services.demoMode()).isFalse();
            assertThat(services.inbox()).isEmpty();
            assertThat(service.verify("lee@example.com", demoCode))
                    .as("the demo inbox is no proof that lee@example.com is yours")
                    .isEqualTo(new VerifyResult.SenderChanged());
            assertThat(service.requestCode("lee@example.com"))
                    .as("cooldowns and locks survive the switch: saving is no way to lift a limit")
                    .isInstanceOf(RequestResult.Cooldown.class);
            assertThat(service.requestCode("mo@example.com")).isInstanceOf(RequestResult.Sent.class);
            assertThat(real.inbox().awaitCount(1, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(real.inbox().messages().get(0).envelopeTo()).isEqualTo("mo@example.com");

            clock.advance(OtpPolicy.DEFAULT_RESEND_COOLDOWN);
            assertThat(service.requestCode("lee@example.com")).isInstanceOf(RequestResult.Sent.class);
            assertThat(real.inbox().awaitCount(2, 10, TimeUnit.SECONDS)).isTrue();
            String realCode = codeIn(real.inbox().messages().stream()
                    .filter(message -> message.envelopeTo().equals("lee@example.com")).findFirst().orElseThrow()
                    .subject());
            assertThat(service.verify("lee@example.com", realCode))
                    .as("the demo code's tries cost nothing: the first new code verifies")
                    .isEqualTo(new VerifyResult.Verified());

            AppConfig saved = new ConfigLoader(Map.of()).load(written);
            assertThat(saved.smtp().host()).isEqualTo(real.host());
            assertThat(saved.smtp().port()).isEqualTo(real.port());
            assertThat(Files.readString(written)).contains("smtp.password=");
        }
    }

    private static InboxMessage awaitFirst(List<InboxMessage> inbox) throws InterruptedException {
        for (int i = 0; i < 1_000 && inbox.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(inbox).as("the demo message arrived").isNotEmpty();
        return inbox.get(0);
    }

    private static String codeIn(String subject) {
        Matcher matcher = Pattern.compile("(\\d{6}) is your verification code").matcher(subject);
        assertThat(matcher.find()).as("a code in \"%s\"", subject).isTrue();
        return matcher.group(1);
    }

    /** A clock that stands still until the test moves it, so that a cooldown can pass at once. */
    private static final class SteppingClock extends Clock {
        private final AtomicReference<Instant> now;

        SteppingClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public Instant instant() {
            return now.get();
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
                    Clock.systemUTC(), LimitLedger.none(), signIns())) {
                assertThat(services.configWarnings()).singleElement().asString().contains("Did you mean smtp.host?");

                services.saveAndApply(configFor(real));

                assertThat(services.configWarnings()).isEmpty();
            }
        }
    }

    @Test
    void testConnectionReportsAWrongPasswordInPlainWords() throws Exception {
        try (DemoMailServer real = DemoMailServer.start(Clock.systemUTC());
                DesktopServices services = DesktopServices.demo(dir.resolve("c.properties"), Clock.systemUTC(), LimitLedger.none(), signIns())) {
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

    /** Sign-ins kept in an owner-only file in this test's folder, never in the tester's keyring. */
    private SignIns signIns() {
        return SignIns.forUser(dir.resolve("state"), java.util.Map.of(SignIns.STORE_VARIABLE, "file"), Clock.systemUTC());
    }
}
