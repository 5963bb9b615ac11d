package dev.otpverifier.auth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.otpverifier.auth.SignInException.Problem;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A sign-in for a terminal, over SSH or without a browser: the device authorization grant
 * (RFC 8628). Nimbus builds the requests and parses the answers; this class shows the address and
 * the code, then asks the token endpoint at the interval the server set, slowing down when told
 * (section 3.5), until the person has signed in, declined, or the code expired.
 *
 * <p>Blocks the calling thread; interrupting it cancels the sign-in.
 */
final class DeviceSignIn {

    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(30);

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private DeviceSignIn() {
    }

    static TokenGrant run(AuthorizationServer server, Consumer<DevicePrompt> prompt, Clock clock) {
        OAuthSettings settings = server.settings();
        if (!settings.provider().supportsDeviceGrant()) {
            throw new SignInException(Problem.MISCONFIGURED, settings.provider().displayName() + " does not allow "
                    + "sending mail with a sign-in from another device. Sign in from the window instead.");
        }
        URI endpoint = server.metadata().getDeviceAuthorizationEndpointURI();
        if (endpoint == null) {
            throw new SignInException(Problem.MISCONFIGURED, "This sign-in server offers no sign-in from another "
                    + "device. Sign in from the window instead.");
        }
        DeviceAuthorizationRequest request = new DeviceAuthorizationRequest(endpoint,
                new ClientID(settings.clientId()), new Scope(settings.scopes().toArray(String[]::new)));
        HTTPResponse httpResponse = AuthorizationServer.send(request.toHTTPRequest(), settings);
        DeviceAuthorizationResponse response;
        try {
            response = DeviceAuthorizationResponse.parse(httpResponse);
        } catch (ParseException | RuntimeException e) {
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server " + settings.issuer().getHost()
                    + " answered with something that is not a device code (HTTP " + httpResponse.getStatusCode()
                    + "). Try again later.");
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = ((DeviceAuthorizationErrorResponse) response).getErrorObject();
            SignInException translated = server.tokenError(error);
            if (translated.problem() == Problem.MISCONFIGURED && settings.provider() == Provider.MICROSOFT) {
                throw new SignInException(Problem.MISCONFIGURED, translated.getMessage()
                        + " For the terminal sign-in, the app registration must have \"Allow public client flows\" "
                        + "turned on.", null, translated.errorCode());
            }
            throw translated;
        }
        DeviceAuthorizationSuccessResponse success = (DeviceAuthorizationSuccessResponse) response;
        URI address = success.getVerificationURI();
        if (address != null && !Printable.of(address.toString(), 300).equals(address.toString())) {
            address = null; // an address with characters a terminal would not show as they are
        }
        String userCode = Printable.of(success.getUserCode().getValue(), 64);
        if (address == null || !AuthorizationServer.isSafeEndpoint(address, settings.issuer()) || userCode.isEmpty()) {
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server sent an unusable address or "
                    + "code. Try again later.");
        }
        // The server's numbers are bounded: a code for days or a pause of hours would only hang the terminal.
        Duration lifetime = Duration.ofSeconds(success.getLifetime() > 0 ? Math.min(success.getLifetime(),
                MAX_LIFETIME.toSeconds()) : 900);
        Instant deadline = clock.instant().plus(lifetime);
        Duration interval = success.getInterval() > 0 ? Duration.ofSeconds(Math.min(success.getInterval(),
                MAX_INTERVAL.toSeconds())) : DEFAULT_INTERVAL;
        prompt.accept(new DevicePrompt(address, userCode, lifetime));
        DeviceCodeGrant grant = new DeviceCodeGrant(success.getDeviceCode());
        while (true) {
            pause(interval);
            if (clock.instant().isAfter(deadline)) {
                throw expired();
            }
            try {
                return server.requestTokens(grant, null);
            } catch (SignInException e) {
                switch (e.errorCode()) {
                    case "authorization_pending" -> {
                        // The person has not finished yet: ask again after the interval.
                    }
                    case "slow_down" -> interval = min(interval.plus(SLOW_DOWN_STEP), MAX_INTERVAL);
                    case "expired_token" -> throw expired();
                    default -> throw e;
                }
            }
        }
    }

    private static SignInException expired() {
        return new SignInException(Problem.CANCELLED, "The code expired before the sign-in was finished. "
                + "Run the sign-in again.", null, "expired_token");
    }

    private static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInException(Problem.CANCELLED, "The sign-in was cancelled. Nothing was saved.");
        }
    }
}
