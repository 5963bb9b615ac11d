package dev.otpverifier.ui.settings;

import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.OAuthConfig.Provider;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.otp.EmailAddresses;
import dev.otpverifier.ui.common.Tone;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.settings.SettingsForm.Field;
import dev.otpverifier.ui.settings.SettingsForm.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of the settings dialog's sign-in part: which rows each {@link SignInMethod} shows,
 * what the sign-in fields must hold, the {@link OAuthConfig} they make, and what the status line
 * says.
 *
 * <p>The rules match those of the configuration file ({@code oauth.*}), so what the dialog saves
 * loads again; the one addition is that Google's client secret is required, because Google refuses
 * a desktop client's sign-in without it. Stateless and thread safe; no Swing.
 */
final class SignInForm {

    /** Microsoft's tenant when none is given: work, school and personal accounts. */
    static final String DEFAULT_TENANT = "common";

    /**
     * What the sign-in fields hold, as typed. Fields that the method does not show keep what was
     * typed in them, so that switching back and forth loses nothing, and are ignored.
     *
     * @param method how to log in
     * @param clientId the application (client) ID of the person's own registration
     * @param clientSecret the client secret (Google only)
     * @param tenant Microsoft's tenant, may be empty for {@value #DEFAULT_TENANT}
     * @param issuer another authorization server's issuer URL, may be empty for the provider's own
     */
    record SignInInput(SignInMethod method, String clientId, String clientSecret, String tenant, String issuer) {
        /** Checks that nothing is missing. */
        SignInInput {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(issuer, "issuer");
        }

        /** A password login, with empty sign-in fields. */
        static SignInInput password() {
            return new SignInInput(SignInMethod.PASSWORD, "", "", "", "");
        }

        /** The fields of existing settings: a password login when they carry no {@code oauth}. */
        static SignInInput of(Optional<OAuthConfig> oauth) {
            return oauth.map(settings -> new SignInInput(SignInMethod.of(settings.provider()), settings.clientId(),
                    settings.clientSecret(), settings.tenant(), settings.issuer())).orElseGet(SignInInput::password);
        }

        /** A copy that logs in with {@code value}, the fields kept. */
        SignInInput withMethod(SignInMethod value) {
            return new SignInInput(value, clientId, clientSecret, tenant, issuer);
        }

        /** Every field but the secret, which shows only whether it is set. */
        @Override
        public String toString() {
            return "SignInInput[method=" + method + ", clientId=" + clientId + ", clientSecret="
                    + (clientSecret.isEmpty() ? "(none)" : "(hidden)") + ", tenant=" + tenant + ", issuer=" + issuer
                    + "]";
        }
    }

    /** The rows of the login part of the form that come and go with the method. */
    enum Row {
        /** The password, with its "Show" box. */
        PASSWORD,
        /** The client ID. */
        CLIENT_ID,
        /** Microsoft's tenant. */
        TENANT,
        /** Google's client secret. */
        CLIENT_SECRET,
        /** Another authorization server. */
        ISSUER,
        /** The registration hint, Sign in and Sign out, and the status line. */
        SIGN_IN
    }

    /**
     * Who a saved sign-in is for: the store keeps one per authorization server, client and account,
     * so a sign-in known for one of these says nothing about another. The client secret is not
     * part of it.
     *
     * @param provider the provider
     * @param clientId the client ID, stripped
     * @param tenant Microsoft's tenant in lower case ({@value #DEFAULT_TENANT} when none was given);
     *     empty for Google
     * @param issuer the issuer URL as given, stripped; empty for the provider's own
     * @param account the account as signed in, stripped (compared without case, as the store does)
     */
    record Identity(Provider provider, String clientId, String tenant, String issuer, String account) {
        /** The sign-in that {@code oauth} and {@code account} name. */
        static Identity of(OAuthConfig oauth, String account) {
            String tenant = oauth.provider() != Provider.MICROSOFT ? ""
                    : oauth.tenant().isBlank() ? DEFAULT_TENANT : oauth.tenant().strip().toLowerCase(Locale.ROOT);
            return new Identity(oauth.provider(), oauth.clientId().strip(), tenant, oauth.issuer().strip(),
                    account.strip());
        }

        /** The sign-in that {@code settings} send with; empty for a password login or without an account. */
        static Optional<Identity> of(SmtpConfig settings) {
            return settings.oauthSettings().filter(oauth -> !settings.username().isBlank())
                    .map(oauth -> of(oauth, settings.username()));
        }

        /** Whether both name the same saved sign-in. */
        boolean sameAs(Identity other) {
            return provider == other.provider && clientId.equals(other.clientId) && tenant.equals(other.tenant)
                    && issuer.equals(other.issuer) && account.equalsIgnoreCase(other.account);
        }
    }

    /**
     * What the status line says about the sign-in. Each kind says its own words (Java 17 has no
     * pattern {@code switch}; an abstract method is as exhaustive).
     */
    sealed interface Status {
        /** The status line. */
        String text();

        /** The status line's icon. */
        Tone tone();

        /** Whether a slow step is under way, during which the sign-in fields stay as they are. */
        default boolean busy() {
            return false;
        }

        /** The credential store is being asked whether a sign-in is saved. */
        record Checking() implements Status {
            @Override
            public String text() {
                return UiText.plain("settings.signIn.checking");
            }

            @Override
            public Tone tone() {
                return Tone.INFO;
            }

            @Override
            public boolean busy() {
                return true;
            }
        }

        /** The browser is open and the dialog waits for the person to sign in there. */
        record Waiting() implements Status {
            @Override
            public String text() {
                return UiText.plain("settings.signIn.waiting");
            }

            @Override
            public Tone tone() {
                return Tone.INFO;
            }

            @Override
            public boolean busy() {
                return true;
            }
        }

        /** The saved sign-in is being forgotten. */
        record SigningOut() implements Status {
            @Override
            public String text() {
                return UiText.plain("settings.signIn.signingOut");
            }

            @Override
            public Tone tone() {
                return Tone.INFO;
            }

            @Override
            public boolean busy() {
                return true;
            }
        }

        /** No sign-in is saved for the settings in the fields (or none is known). */
        record NotSignedIn() implements Status {
            @Override
            public String text() {
                return UiText.plain("settings.signIn.notSignedIn");
            }

            @Override
            public Tone tone() {
                return Tone.WARNING;
            }
        }

        /** A sign-in is saved for {@code identity}, in {@code store} ("your desktop keyring …"). */
        record SignedIn(Identity identity, String store) implements Status {
            /** Checks that nothing is missing. */
            public SignedIn {
                Objects.requireNonNull(identity, "identity");
                Objects.requireNonNull(store, "store");
            }

            @Override
            public String text() {
                return UiText.format("settings.signIn.signedIn", identity.account(), store);
            }

            @Override
            public Tone tone() {
                return Tone.SUCCESS;
            }
        }

        /** Whether a sign-in is saved for {@code identity} could not be found out. */
        record CheckFailed(Identity identity, String message) implements Status {
            /** Checks that nothing is missing. */
            public CheckFailed {
                Objects.requireNonNull(identity, "identity");
                Objects.requireNonNull(message, "message");
            }

            @Override
            public String text() {
                return UiText.format("settings.signIn.checkFailed", message);
            }

            @Override
            public Tone tone() {
                return Tone.ERROR;
            }
        }
    }

    private SignInForm() {
    }

    /** The rows shown for {@code method}; the user name (or account) row is always shown. */
    static Set<Row> rows(SignInMethod method) {
        return switch (method) {
            case PASSWORD -> EnumSet.of(Row.PASSWORD);
            case MICROSOFT -> EnumSet.of(Row.CLIENT_ID, Row.TENANT, Row.ISSUER, Row.SIGN_IN);
            case GOOGLE -> EnumSet.of(Row.CLIENT_ID, Row.CLIENT_SECRET, Row.ISSUER, Row.SIGN_IN);
        };
    }

    /**
     * The methods to choose from with {@code provider}: those its server takes, and {@code current}
     * too when it takes it not (a host typed by hand never takes away the method in use).
     */
    static List<SignInMethod> methodChoices(MailProvider provider, SignInMethod current) {
        List<SignInMethod> choices = new ArrayList<>();
        for (SignInMethod method : SignInMethod.values()) {
            if (provider.signInMethods().contains(method) || method == current) {
                choices.add(method);
            }
        }
        return List.copyOf(choices);
    }

    /**
     * The user name to keep when the method becomes {@code method}: a sign-in is for an email
     * address, so a login name that is none goes; everything else stays.
     */
    static String usernameFor(SignInMethod method, String username) {
        return method.signsIn() && !EmailAddresses.isValid(username.strip()) ? "" : username;
    }

    /** Every wrong sign-in field, in form order; none for a password login. */
    static List<Problem> problems(SignInInput input) {
        List<Problem> problems = new ArrayList<>();
        if (!input.method().signsIn()) {
            return List.of();
        }
        String clientId = input.clientId().strip();
        if (clientId.isEmpty()) {
            problems.add(problem(Field.CLIENT_ID, "invalid.clientId.missing"));
        } else if (clientId.length() > 256 || clientId.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            problems.add(problem(Field.CLIENT_ID, "invalid.clientId.format"));
        }
        String tenant = input.tenant().strip();
        if (input.method() == SignInMethod.MICROSOFT && !tenant.isEmpty() && !tenant.matches("[A-Za-z0-9.-]{1,100}")) {
            problems.add(problem(Field.TENANT, "invalid.tenant"));
        }
        if (input.method() == SignInMethod.GOOGLE) {
            if (input.clientSecret().strip().isEmpty()) {
                problems.add(problem(Field.CLIENT_SECRET, "invalid.clientSecret.missing"));
            } else if (input.clientSecret().chars().anyMatch(Character::isISOControl)) {
                problems.add(problem(Field.CLIENT_SECRET, "invalid.text"));
            }
        }
        String issuer = input.issuer().strip();
        if (!issuer.isEmpty() && !isIssuerUrl(issuer)) {
            problems.add(problem(Field.ISSUER, "invalid.issuer"));
        }
        return List.copyOf(problems);
    }

    /**
     * The sign-in settings the fields make: empty for a password login; for Microsoft without a
     * secret, for Google without a tenant, each value stripped.
     *
     * @throws IllegalArgumentException when a sign-in field is wrong
     */
    static Optional<OAuthConfig> oauth(SignInInput input) {
        List<Problem> problems = problems(input);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).text());
        }
        return input.method().provider().map(provider -> new OAuthConfig(provider, input.clientId().strip(),
                provider == Provider.GOOGLE ? input.clientSecret().strip() : "",
                provider == Provider.MICROSOFT ? input.tenant().strip() : "", input.issuer().strip()));
    }

    /**
     * What the status line shows of {@code known} (the last thing found out) while the fields name
     * {@code current}: a sign-in known for other settings (another client ID, tenant or account) is
     * none for these.
     */
    static Status shown(Status known, Optional<Identity> current) {
        Optional<Identity> about = known instanceof Status.SignedIn signedIn ? Optional.of(signedIn.identity())
                : known instanceof Status.CheckFailed failed ? Optional.of(failed.identity()) : Optional.empty();
        if (about.isPresent() && !current.map(about.get()::sameAs).orElse(false)) {
            return new Status.NotSignedIn();
        }
        return known;
    }

    /** The Sign in button's text: "Sign in with Microsoft…" or "Sign in with Google…". */
    static String signInKey(SignInMethod method) {
        return method == SignInMethod.GOOGLE ? "settings.signIn.google" : "settings.signIn.microsoft";
    }

    /** The same rule as the configuration file's: https, or plain http on this computer only. */
    private static boolean isIssuerUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            boolean loopback = host != null && (host.equals("127.0.0.1") || host.equals("[::1]")
                    || host.equalsIgnoreCase("localhost"));
            return host != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (scheme.equals("https") || (scheme.equals("http") && loopback));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Problem problem(Field field, String key) {
        return new Problem(field, UiText.plain(key));
    }
}
