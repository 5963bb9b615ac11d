package dev.otpverifier.ui.settings;

import dev.otpverifier.config.ConfigLocator;
import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.Security;
import dev.otpverifier.config.SmtpDraft;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.otp.EmailAddresses;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.settings.SignInForm.Identity;
import dev.otpverifier.ui.settings.SignInForm.SignInInput;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of the settings dialog: what its fields must hold, and the {@link SmtpConfig} they make.
 *
 * <p>The rules match those of the configuration file, so what the dialog saves loads again. The
 * first wrong field is reported by name, in the order of the form. The sign-in fields' own rules
 * are {@link SignInForm}'s. Stateless and thread safe (it reads the file system only to check that
 * a trust certificate exists); no Swing.
 */
final class SettingsForm {

    /** The default pauses before retries, as in the configuration file. */
    static final List<Duration> DEFAULT_RETRY_BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3));
    /** The default timeout in seconds. */
    static final int DEFAULT_TIMEOUT_SECONDS = 15;
    /** The default From name. */
    static final String DEFAULT_FROM_NAME = "OTP Verifier";

    /** The fields that can be wrong, in the order of the form. */
    enum Field {
        /** The server's host name. */
        HOST("host"),
        /** The TCP port. */
        PORT("port"),
        /** The login name; with a sign-in, the account signed in with. */
        USERNAME("username"),
        /** The password. */
        PASSWORD("password"),
        /** The client ID of the person's app registration (sign-in only). */
        CLIENT_ID("clientId"),
        /** Microsoft's tenant (Microsoft sign-in only). */
        TENANT("tenant"),
        /** The client secret (Google sign-in only). */
        CLIENT_SECRET("clientSecret"),
        /** Another authorization server (sign-in only). */
        ISSUER("issuer"),
        /** The trusted certificate file. */
        TRUST("trust"),
        /** The timeout in seconds. */
        TIMEOUT("timeout"),
        /** The From address. */
        FROM("from"),
        /** The From display name. */
        FROM_NAME("fromName");

        private final String key;

        Field(String key) {
            this.key = key;
        }

        /** The field's name as shown. */
        String label() {
            return UiText.plain("field." + key);
        }
    }

    /**
     * What the fields hold, as typed.
     *
     * @param host server host name
     * @param port port, as text
     * @param security connection security
     * @param username login name, may be empty; with a sign-in, the account signed in with
     * @param password password (ignored when it comes from the environment, or with a sign-in)
     * @param passwordFromEnvironment whether the password is the one from {@code OTP_SMTP_PASSWORD}
     * @param trust path of a PEM file, may be empty
     * @param timeout timeout in seconds, as text
     * @param from From address; empty means the user name, when that is an address
     * @param fromName From display name
     * @param signIn how to log in, and the sign-in fields
     */
    record Input(String host, String port, Security security, String username, String password,
            boolean passwordFromEnvironment, String trust, String timeout, String from, String fromName,
            SignInInput signIn) {
        /** Checks that nothing is missing. */
        Input {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(security, "security");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(fromName, "fromName");
            Objects.requireNonNull(signIn, "signIn");
        }

        /** Fields that log in with a password (or not at all). */
        Input(String host, String port, Security security, String username, String password,
                boolean passwordFromEnvironment, String trust, String timeout, String from, String fromName) {
            this(host, port, security, username, password, passwordFromEnvironment, trust, timeout, from, fromName,
                    SignInInput.password());
        }

        /** How the fields log in. */
        SignInMethod method() {
            return signIn.method();
        }

        /** Every field but the password and the client secret, which show only whether they are set. */
        @Override
        public String toString() {
            return "Input[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                    + ", password=" + (password.isEmpty() ? "(none)" : "(hidden)") + ", passwordFromEnvironment="
                    + passwordFromEnvironment + ", trust=" + trust + ", timeout=" + timeout + ", from=" + from
                    + ", fromName=" + fromName + ", signIn=" + signIn + "]";
        }
    }

    /**
     * One wrong field.
     *
     * @param field the field
     * @param message what is wrong, to follow the field's name
     */
    record Problem(Field field, String message) {
        /** "Server: enter the host name …". */
        String text() {
            return UiText.format("invalid.summary", field.label(), message);
        }
    }

    private SettingsForm() {
    }

    /** The fields for existing settings. */
    static Input inputOf(SmtpConfig config) {
        return new Input(config.host(), Integer.toString(config.port()), config.security(), config.username(),
                config.passwordFromEnvironment() ? "" : config.password(), config.passwordFromEnvironment(),
                config.trustCertificateFile().map(Path::toString).orElse(""),
                Long.toString(config.timeout().toSeconds()), config.fromAddress(), config.fromName(),
                SignInInput.of(config.oauthSettings()));
    }

    /**
     * The fields for a broken configuration file's settings as written: what is missing gets the
     * form's default, and what is wrong stays as it is, for {@link #check} to name.
     */
    static Input inputOf(SmtpDraft draft) {
        Security security = draft.parsedSecurity().orElse(Security.STARTTLS);
        return new Input(draft.host(), draft.port().isEmpty() ? Integer.toString(security.defaultPort()) : draft.port(),
                security, draft.username(), draft.password(), draft.passwordFromEnvironment(),
                draft.trustCertificate(),
                draft.timeoutSeconds().isEmpty() ? Integer.toString(DEFAULT_TIMEOUT_SECONDS) : draft.timeoutSeconds(),
                draft.from(), draft.fromName().isEmpty() ? DEFAULT_FROM_NAME : draft.fromName(),
                draft.signInProvider().map(provider -> new SignInInput(SignInMethod.of(provider), draft.clientId(),
                        draft.clientSecret(), draft.tenant(), draft.issuer())).orElse(SignInInput.password()));
    }

    /** The fields of a new form: Gmail's server, everything else empty or default. */
    static Input blank() {
        MailProvider gmail = MailProvider.GMAIL;
        return new Input(gmail.host(), Integer.toString(gmail.port()), gmail.security(), "", "", false, "",
                Integer.toString(DEFAULT_TIMEOUT_SECONDS), "", DEFAULT_FROM_NAME);
    }

    /** The first wrong field, in form order, or empty when every field is fine. */
    static Optional<Problem> check(Input input) {
        List<Problem> problems = problems(input);
        return problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0));
    }

    /**
     * Every wrong field, in form order, one problem each (the first found for it): a person who
     * opens settings for a broken file sees all there is to fix at once.
     */
    static List<Problem> problems(Input input) {
        List<Problem> problems = new ArrayList<>();
        String host = input.host().strip();
        if (host.isEmpty()) {
            problems.add(problem(Field.HOST, "invalid.host.missing"));
        } else if (!isHostName(host)) {
            problems.add(problem(Field.HOST, "invalid.host.format"));
        }
        if (wholeNumber(input.port(), 1, 65_535).isEmpty()) {
            problems.add(problem(Field.PORT, "invalid.port"));
        }
        boolean signsIn = input.method().signsIn();
        boolean usernameWrong = hasControl(input.username());
        if (usernameWrong) {
            problems.add(problem(Field.USERNAME, "invalid.text"));
        } else if (signsIn && !input.username().isBlank() && !EmailAddresses.isValid(input.username().strip())) {
            usernameWrong = true;
            problems.add(problem(Field.USERNAME, "invalid.account"));
        }
        // Whether a password is needed, and the From address when left empty, follow from the user
        // name: while it is wrong, only it is named.
        if (signsIn) {
            problems.addAll(SignInForm.problems(input.signIn()));
        } else if (!input.passwordFromEnvironment()) {
            if (!usernameWrong && !input.username().isBlank() && input.password().isEmpty()) {
                problems.add(problem(Field.PASSWORD, "invalid.password.missing"));
            } else if (input.password().indexOf('\r') >= 0 || input.password().indexOf('\n') >= 0
                    || input.password().indexOf('\0') >= 0) {
                problems.add(problem(Field.PASSWORD, "invalid.text"));
            }
        }
        String trust = input.trust().strip();
        if (!trust.isEmpty()) {
            try {
                Path path = Path.of(trust);
                if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                    problems.add(problem(Field.TRUST, "invalid.trust.missing"));
                }
            } catch (InvalidPathException e) {
                problems.add(problem(Field.TRUST, "invalid.trust.format"));
            }
        }
        if (wholeNumber(input.timeout(), 1, 600).isEmpty()) {
            problems.add(problem(Field.TIMEOUT, "invalid.timeout"));
        }
        String from = fromAddress(input);
        if (from.isEmpty()) {
            if (!usernameWrong) {
                problems.add(problem(Field.FROM, signsIn ? "invalid.from.signIn" : "invalid.from.missing"));
            }
        } else if (!EmailAddresses.isValid(from)) {
            problems.add(problem(Field.FROM, "invalid.from.format"));
        }
        if (input.fromName().strip().length() > 100 || hasControl(input.fromName())) {
            problems.add(problem(Field.FROM_NAME, "invalid.fromName"));
        }
        return List.copyOf(problems);
    }

    /**
     * The line that names the settings file: the file in use, or where Save will create it.
     *
     * @param exists whether the file is there now
     */
    static String fileLine(Path file, boolean exists) {
        return UiText.format(exists ? "settings.file" : "settings.file.notSaved", ConfigLocator.printable(file));
    }

    /**
     * The settings the fields make. With a sign-in they carry its {@link OAuthConfig} and no
     * password, and log in as the account (the From address while no one has signed in, as the
     * configuration file does).
     *
     * @param input fields for which {@link #check} found no problem
     * @param previous the settings being edited, whose retry pauses and environment password are
     *     kept; or empty for new settings
     * @throws IllegalArgumentException when a field is wrong
     */
    static SmtpConfig toConfig(Input input, Optional<SmtpConfig> previous) {
        Optional<Problem> problem = check(input);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get().text());
        }
        if (input.method().signsIn()) {
            return signInSettings(input, previous);
        }
        String username = input.username().strip();
        boolean fromEnvironment = input.passwordFromEnvironment() && previous.isPresent()
                && previous.get().passwordFromEnvironment();
        String password = fromEnvironment ? previous.get().password() : input.password();
        String trust = input.trust().strip();
        List<Duration> backoff = previous.map(SmtpConfig::retryBackoff).orElse(DEFAULT_RETRY_BACKOFF);
        return new SmtpConfig(input.host().strip(), wholeNumber(input.port(), 1, 65_535).orElseThrow(),
                input.security(), username, username.isEmpty() && !fromEnvironment ? "" : password, fromEnvironment,
                // Absolute: the file is read back relative to the configuration file, not to where the app ran.
                trust.isEmpty() ? null : Path.of(trust).toAbsolutePath(),
                Duration.ofSeconds(wholeNumber(input.timeout(), 1, 600).orElseThrow()), backoff,
                fromAddress(input), input.fromName().strip());
    }

    /**
     * The settings to sign in (or out, or check a sign-in) with: those the fields make, also while a
     * field that a sign-in does not use is wrong (a sign-in fills in the From address, so it must be
     * possible before that is right). What cannot be read takes its default.
     *
     * @throws IllegalArgumentException when the fields log in with a password, or a sign-in field is wrong
     */
    static SmtpConfig signInSettings(Input input, Optional<SmtpConfig> previous) {
        OAuthConfig oauth = SignInForm.oauth(input.signIn())
                .orElseThrow(() -> new IllegalArgumentException("a password login signs in with no provider"));
        String from = fromAddress(input);
        String username = input.username().strip();
        String account = username.isEmpty() && EmailAddresses.isValid(from) ? from : username;
        String trust = input.trust().strip();
        Path trustFile = null;
        if (!trust.isEmpty()) {
            try {
                trustFile = Path.of(trust).toAbsolutePath();
            } catch (InvalidPathException e) {
                trustFile = null; // named by check(); a sign-in does not use it
            }
        }
        List<Duration> backoff = previous.map(SmtpConfig::retryBackoff).orElse(DEFAULT_RETRY_BACKOFF);
        return new SmtpConfig(input.host().strip(),
                wholeNumber(input.port(), 1, 65_535).orElse(input.security().defaultPort()), input.security(),
                account, "", false, trustFile,
                Duration.ofSeconds(wholeNumber(input.timeout(), 1, 600).orElse(DEFAULT_TIMEOUT_SECONDS)), backoff,
                from, input.fromName().strip(), oauth);
    }

    /**
     * The account a sign-in must be for: the From address as typed, when it is one; empty (any
     * account, which then fills the From address) otherwise.
     */
    static String expectedAccount(Input input) {
        String from = input.from().strip();
        return EmailAddresses.isValid(from) ? from : "";
    }

    /**
     * The saved sign-in the fields would send with; empty for a password login, while a sign-in
     * field is wrong, or before there is an account.
     */
    static Optional<Identity> identity(Input input) {
        if (!input.method().signsIn() || !SignInForm.problems(input.signIn()).isEmpty()) {
            return Optional.empty();
        }
        return Identity.of(signInSettings(input, Optional.empty()));
    }

    /** The From address: as typed, or the user name when that is empty and the name is an address. */
    static String fromAddress(Input input) {
        String from = input.from().strip();
        if (from.isEmpty() && EmailAddresses.isValid(input.username())) {
            return input.username().strip();
        }
        return from;
    }

    private static Problem problem(Field field, String key) {
        return new Problem(field, UiText.plain(key));
    }

    private static Optional<Integer> wholeNumber(String text, int min, int max) {
        String value = text.strip();
        if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int number = Integer.parseInt(value);
        return number >= min && number <= max ? Optional.of(number) : Optional.empty();
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static boolean isHostName(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == ':' || c == '_' || c == '[' || c == ']';
            if (!ok) {
                return false;
            }
        }
        return !host.startsWith("-") && !host.startsWith(".");
    }
}
