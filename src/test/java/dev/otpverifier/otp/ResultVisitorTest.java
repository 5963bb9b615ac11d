package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RequestResult#accept} and {@link VerifyResult#accept}: each result reaches its own handler. */
class ResultVisitorTest {

    private static final Instant AT = Instant.parse("2025-01-15T09:00:00Z");

    static Stream<Arguments> requestResults() {
        return Stream.of(
                Arguments.of(new RequestResult.Sent(AT, AT), "sent"),
                Arguments.of(new RequestResult.Cooldown(AT), "cooldown"),
                Arguments.of(new RequestResult.RateLimited(AT), "rateLimited"),
                Arguments.of(new RequestResult.Locked(AT), "locked"),
                Arguments.of(new RequestResult.Busy(AT), "busy"),
                Arguments.of(new RequestResult.InvalidAddress(), "invalidAddress"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("requestResults")
    void aRequestResultCallsItsOwnHandlerAndReturnsWhatItGives(RequestResult result, String handler) {
        assertThat(result.accept(new NamingRequestVisitor())).isEqualTo(handler + ":" + result);
    }

    static Stream<Arguments> verifyResults() {
        return Stream.of(
                Arguments.of(new VerifyResult.Verified(), "verified"),
                Arguments.of(new VerifyResult.WrongCode(3), "wrongCode"),
                Arguments.of(new VerifyResult.Expired(), "expired"),
                Arguments.of(new VerifyResult.TooManyAttempts(), "tooManyAttempts"),
                Arguments.of(new VerifyResult.NoActiveCode(), "noActiveCode"),
                Arguments.of(new VerifyResult.Malformed(), "malformed"),
                Arguments.of(new VerifyResult.Locked(AT), "locked"),
                Arguments.of(new VerifyResult.Superseded(), "superseded"),
                Arguments.of(new VerifyResult.SenderChanged(), "senderChanged"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("verifyResults")
    void aVerifyResultCallsItsOwnHandlerAndReturnsWhatItGives(VerifyResult result, String handler) {
        assertThat(result.accept(new NamingVerifyVisitor())).isEqualTo(handler + ":" + result);
    }

    /** Answers with the handler's name and the result it was given. */
    private static final class NamingRequestVisitor implements RequestResult.Visitor<String> {
        @Override
        public String sent(RequestResult.Sent result) {
            return "sent:" + result;
        }

        @Override
        public String cooldown(RequestResult.Cooldown result) {
            return "cooldown:" + result;
        }

        @Override
        public String rateLimited(RequestResult.RateLimited result) {
            return "rateLimited:" + result;
        }

        @Override
        public String locked(RequestResult.Locked result) {
            return "locked:" + result;
        }

        @Override
        public String busy(RequestResult.Busy result) {
            return "busy:" + result;
        }

        @Override
        public String invalidAddress(RequestResult.InvalidAddress result) {
            return "invalidAddress:" + result;
        }
    }

    /** Answers with the handler's name and the result it was given. */
    private static final class NamingVerifyVisitor implements VerifyResult.Visitor<String> {
        @Override
        public String verified(VerifyResult.Verified result) {
            return "verified:" + result;
        }

        @Override
        public String wrongCode(VerifyResult.WrongCode result) {
            return "wrongCode:" + result;
        }

        @Override
        public String expired(VerifyResult.Expired result) {
            return "expired:" + result;
        }

        @Override
        public String tooManyAttempts(VerifyResult.TooManyAttempts result) {
            return "tooManyAttempts:" + result;
        }

        @Override
        public String noActiveCode(VerifyResult.NoActiveCode result) {
            return "noActiveCode:" + result;
        }

        @Override
        public String malformed(VerifyResult.Malformed result) {
            return "malformed:" + result;
        }

        @Override
        public String locked(VerifyResult.Locked result) {
            return "locked:" + result;
        }

        @Override
        public String superseded(VerifyResult.Superseded result) {
            return "superseded:" + result;
        }

        @Override
        public String senderChanged(VerifyResult.SenderChanged result) {
            return "senderChanged:" + result;
        }
    }
}
