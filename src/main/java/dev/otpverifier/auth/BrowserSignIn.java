package dev.otpverifier.auth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.otpverifier.auth.SignInException.Problem;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One sign-in in the person's own browser, as RFC 8252 describes it for native apps: the
 * authorization code grant with PKCE (S256), a random {@code state} and {@code nonce}, and a
 * one-shot listener on the loopback address as the redirect. Nimbus builds the request and parses
 * the answer; this class checks the {@code state}, the {@code iss} parameter (RFC 9207) where the
 * server sends or promises it, and the account, and saves nothing unless every check passed.
 *
 * <p>{@link #run} blocks the calling thread (never the event dispatch thread) until the answer
 * arrives, the wait runs out, or {@link #cancel()} is called from any thread.
 */
public final class BrowserSignIn {

    /** Opens an address in the person's browser. */
    @FunctionalInterface
    public interface Browser {
        /** Opens {@code address}; throws when no browser could be started. */
        void open(URI address) throws IOException;
    }

    /** How long a sign-in waits for the browser's answer by default. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

    private static final Logger LOG = System.getLogger("dev.otpverifier.auth");

    private final OAuthAccounts accounts;
    private final OAuthSettings settings;
    private final String expectedAccount;
    private volatile LoopbackReceiver receiver;
    private volatile boolean cancelled;

    BrowserSignIn(OAuthAccounts accounts, OAuthSettings settings, String expectedAccount) {
        this.accounts = accounts;
        this.settings = settings;
        this.expectedAccount = expectedAccount == null ? "" : expectedAccount.strip();
    }

    /**
     * Signs in: discovers the server, opens the listener, shows the address (the UI offers it to
     * copy when no browser opens), opens the browser, waits, checks the answer, exchanges the code,
     * and saves the refresh token.
     *
     * @param browser opens the sign-in page
     * @param addressReady receives the sign-in page's address before the browser is asked to open it
     * @param wait how long to wait for the browser's answer
     * @return the signed-in account and its tokens
     * @throws SignInException with a plain message; nothing is saved then
     */
    public SignedIn run(Browser browser, Consumer<URI> addressReady, Duration wait) {
        Objects.requireNonNull(browser, "browser");
        Objects.requireNonNull(addressReady, "addressReady");
        AuthorizationServer server = accounts.discover(settings);
        checkCancelled();
        try (LoopbackReceiver listener = LoopbackReceiver.open(settings.provider().redirectHost())) {
            receiver = listener;
            if (cancelled) {
                throw cancelledException();
            }
            CodeVerifier verifier = new CodeVerifier();
            State state = new State();
            Nonce nonce = new Nonce();
            listener.expect(state.getValue());
            AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE,
                    new ClientID(settings.clientId()))
                    .endpointURI(server.metadata().getAuthorizationEndpointURI())
                    .redirectionURI(listener.redirectUri())
                    .scope(new Scope(settings.scopes().toArray(String[]::new)))
                    .state(state)
                    .codeChallenge(verifier, CodeChallengeMethod.S256)
                    .customParameter("nonce", nonce.getValue());
            if (!expectedAccount.isEmpty()) {
                request.customParameter("login_hint", expectedAccount);
            }
            if (settings.provider() == Provider.GOOGLE) {
                // Google issues a refresh token only for offline access, and again only after consent.
                request.customParameter("access_type", "offline").customParameter("prompt", "consent");
            }
            URI address = request.build().toURI();
            addressReady.accept(address);
            try {
                browser.open(address);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.INFO, "No browser could be opened ({0}); the address is shown to copy",
                        e.getClass().getSimpleName());
            }
            Map<String, List<String>> answer = await(listener, wait);
            AuthorizationCode code = check(server, listener.redirectUri(), answer, state);
            TokenGrant grant = server.requestTokens(new AuthorizationCodeGrant(code, listener.redirectUri(), verifier),
                    nonce);
            return accounts.finish(server, grant, expectedAccount);
        } finally {
            receiver = null;
        }
    }

    /** Stops waiting: {@link #run} ends with {@link Problem#CANCELLED}. Any thread; idempotent. */
    public void cancel() {
        cancelled = true;
        LoopbackReceiver listener = receiver;
        if (listener != null) {
            listener.answer().cancel(false);
        }
    }

    private Map<String, List<String>> await(LoopbackReceiver listener, Duration wait) {
        try {
            return listener.answer().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            throw cancelledException();
        } catch (TimeoutException e) {
            throw new SignInException(Problem.CANCELLED, "No answer came from the browser within " + inWords(wait)
                    + ". Sign in again when you are ready.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelledException();
        } catch (ExecutionException e) {
            throw new AssertionError("the listener only completes normally", e);
        }
    }

    /** A wait as the messages say it: in whole minutes from a minute on, in seconds below. */
    static String inWords(Duration wait) {
        long minutes = wait.toMinutes();
        long seconds = wait.toSeconds();
        return minutes >= 1 ? minutes + (minutes == 1 ? " minute" : " minutes")
                : seconds + (seconds == 1 ? " second" : " seconds");
    }

    private AuthorizationCode check(AuthorizationServer server, URI redirectUri, Map<String, List<String>> answer,
            State expectedState) {
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.parse(redirectUri, answer);
        } catch (ParseException e) {
            throw new SignInException(Problem.FORGED_ANSWER, "The answer that reached this computer was not a "
                    + "sign-in answer (it had no code). Nothing was saved; sign in again.");
        }
        if (!expectedState.equals(response.getState())) {
            throw new SignInException(Problem.FORGED_ANSWER, "The answer that reached this computer does not belong "
                    + "to this sign-in (its state is wrong). Nothing was saved; sign in again.");
        }
        Issuer issuer = response.getIssuer();
        if ((issuer == null && server.promisesIssuerInAnswers()) || (issuer != null && !server.isThisIssuer(issuer))) {
            throw new SignInException(Problem.FORGED_ANSWER, "The answer that reached this computer came from "
                    + "another sign-in server than " + settings.issuer().getHost() + ". Nothing was saved.");
        }
        if (!response.indicatesSuccess()) {
            throw refused(((AuthorizationErrorResponse) response).getErrorObject());
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            throw new SignInException(Problem.FORGED_ANSWER, "The answer that reached this computer was not a "
                    + "sign-in answer (it had no code). Nothing was saved; sign in again.");
        }
        return code;
    }

    private SignInException refused(ErrorObject error) {
        String code = Printable.of(error.getCode(), 60);
        String description = Printable.of(error.getDescription(), 200);
        String said = " (the server said: " + code + (description.isEmpty() ? "" : ": " + description) + ")";
        if (code.equals("access_denied") || code.equals("consent_required")) {
            return new SignInException(Problem.DENIED, "The sign-in was declined, so the app may not send mail for "
                    + "this account" + said + ". Sign in again and allow it, or ask your administrator.", null, code);
        }
        return new SignInException(Problem.MISCONFIGURED, settings.provider().displayName() + " refused the sign-in"
                + said + ". Check the client ID" + (settings.provider() == Provider.MICROSOFT ? ", the tenant" : "")
                + " and the registration steps in the README.", null, code);
    }

    private void checkCancelled() {
        if (cancelled) {
            throw cancelledException();
        }
    }

    private static SignInException cancelledException() {
        return new SignInException(Problem.CANCELLED, "The sign-in was cancelled. Nothing was saved.");
    }
}
