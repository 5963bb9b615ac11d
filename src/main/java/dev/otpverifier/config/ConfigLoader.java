package dev.otpverifier.config;

import static dev.otpverifier.config.ConfigKeys.*;

import dev.otpverifier.config.ConfigException.Problem;
import dev.otpverifier.otp.EmailAddresses;
import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads a {@code config.properties} file and the environment into an {@link AppConfig}.
 *
 * <p>Every value is checked; all problems are collected and reported together in one
 * {@link ConfigException}, each naming its key and what is allowed. Unknown keys do not stop
 * loading: they become warnings that suggest the nearest known key. Stateless and thread safe.
 */
public final class ConfigLoader {

    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_TEXT_LENGTH = 1_000;

    private final Map<String, String> env;

    /**
     * Creates a loader.
     *
     * @param env the environment variables ({@code OTP_SMTP_PASSWORD} is read from here)
     */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Loads a file.
     *
     * @throws ConfigException when the file cannot be read or any value is wrong
     */
    public AppConfig load(Path file) {
        String text = readText(file);
        Path directory = file.toAbsolutePath().getParent();
        return parse(text, safe(file.toString()), directory, file);
    }

    /** The file's text, at most 1 MiB of UTF-8. */
    private static String readText(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(safe(file.toString()), List.of(new Problem("(file)",
                        "the file is larger than 1 MiB; a configuration file is a few lines.")));
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(safe(file.toString()), List.of(new Problem("(file)",
                    "the file is not valid UTF-8 text. Save it as UTF-8.")));
        } catch (IOException e) {
            throw new ConfigException(safe(file.toString()), List.of(new Problem("(file)",
                    "the file could not be read (" + e.getClass().getSimpleName() + "). Check that it exists and "
                            + "that you may read it.")));
        }
    }

    /**
     * The mail settings of a configuration file as written, without checking them (see
     * {@link SmtpDraft}); empty when the file cannot be read as UTF-8 properties at all.
     *
     * @param file the configuration file
     * @return its mail settings as text
     */
    public Optional<SmtpDraft> draft(Path file) {
        Properties properties = new Properties();
        try (Reader reader = new StringReader(readText(file))) {
            properties.load(reader);
        } catch (ConfigException | IOException | IllegalArgumentException e) {
            return Optional.empty(); // the caller already reports why the file cannot be used
        }
        String envPassword = env.get(PASSWORD_VARIABLE);
        boolean passwordFromEnvironment = envPassword != null && !envPassword.isEmpty();
        return Optional.of(new SmtpDraft(raw(properties, SMTP_HOST), raw(properties, SMTP_PORT),
                raw(properties, SMTP_SECURITY), raw(properties, SMTP_USERNAME),
                passwordFromEnvironment ? "" : raw(properties, SMTP_PASSWORD), passwordFromEnvironment,
                raw(properties, SMTP_TRUST_CERTIFICATE), raw(properties, SMTP_TIMEOUT_SECONDS),
                raw(properties, MAIL_FROM), raw(properties, MAIL_FROM_NAME), raw(properties, SMTP_AUTH),
                raw(properties, OAUTH_PROVIDER), raw(properties, OAUTH_CLIENT_ID), raw(properties, OAUTH_CLIENT_SECRET),
                raw(properties, OAUTH_TENANT), raw(properties, OAUTH_ISSUER)));
    }

    /**
     * A value as a form field may show it: stripped, at most 1,000 characters, without control
     * characters and without invisible formatting ones (a right-to-left override could make a path
     * look like another), the zero-width joiners of names excepted.
     */
    private static String raw(Properties properties, String key) {
        String value = properties.getProperty(key, "").strip();
        StringBuilder shown = new StringBuilder(Math.min(value.length(), MAX_TEXT_LENGTH));
        value.codePoints()
                .filter(c -> !Character.isISOControl(c)
                        && (Character.getType(c) != Character.FORMAT || c == 0x200C || c == 0x200D))
                .limit(MAX_TEXT_LENGTH)
                .forEach(shown::appendCodePoint);
        return shown.toString();
    }

    /**
     * Parses the text of a configuration file.
     *
     * @param text the file's content
     * @param sourceDescription how to name the source in messages
     * @param baseDirectory the directory relative paths are resolved against
     * @param source the file, or {@code null}
     * @throws ConfigException when the text cannot be parsed or any value is wrong
     */
    public AppConfig parse(String text, String sourceDescription, Path baseDirectory, Path source) {
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load throws IllegalArgumentException for a broken \\uXXXX escape.
            throw new ConfigException(sourceDescription, List.of(new Problem("(file)",
                    "the file is not in properties format: " + safe(e.getMessage())
                            + ". Write one key=value per line; a backslash starts an escape.")));
        }
        return parse(properties, sourceDescription, baseDirectory, source);
    }

    private AppConfig parse(Properties properties, String sourceDescription, Path baseDirectory, Path source) {
        Values values = new Values(properties);
        List<String> warnings = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!ConfigKeys.ALL.contains(key)) {
                warnings.add(unknownKeyWarning(key));
            }
        }

        String host = values.text(SMTP_HOST, "");
        if (host.isEmpty()) {
            values.problem(SMTP_HOST, "is required: the host name of your mail server, e.g. smtp.gmail.com.");
        } else if (!isHostName(host)) {
            values.problem(SMTP_HOST, "must be a host name or IP address without spaces, e.g. smtp.gmail.com; was \""
                    + safe(host) + "\".");
        }
        Security security = Security.STARTTLS;
        String securityText = values.text(SMTP_SECURITY, "starttls");
        Optional<Security> parsedSecurity = Security.parse(securityText);
        if (parsedSecurity.isPresent()) {
            security = parsedSecurity.get();
        } else {
            values.problem(SMTP_SECURITY, "must be starttls or ssl (plain text is not supported); was \""
                    + safe(securityText) + "\".");
        }
        int port = values.integer(SMTP_PORT, security.defaultPort(), 1, 65_535);
        String username = values.text(SMTP_USERNAME, "");
        String filePassword = values.secret(SMTP_PASSWORD);
        String envPassword = env.get(PASSWORD_VARIABLE);
        boolean passwordFromEnvironment = envPassword != null && !envPassword.isEmpty();
        String password = passwordFromEnvironment ? envPassword : filePassword;
        if (passwordFromEnvironment && (envPassword.indexOf('\r') >= 0 || envPassword.indexOf('\n') >= 0)) {
            values.problem(PASSWORD_VARIABLE, "must not contain line breaks.");
        }
        OAuthConfig oauth = null;
        String authText = values.text(SMTP_AUTH, "password");
        if (authText.equalsIgnoreCase("oauth2")) {
            oauth = oauth(values, username);
            password = "";
            passwordFromEnvironment = false;
            if (!filePassword.isEmpty()) {
                warnings.add(SMTP_PASSWORD + " is ignored: with " + SMTP_AUTH + "=oauth2 the app signs in with "
                        + (oauth == null ? "OAuth 2.0" : oauth.provider().displayName()) + " instead. Remove it from the file.");
            }
        } else if (!authText.equalsIgnoreCase("password")) {
            values.problem(SMTP_AUTH, "must be password or oauth2 (sign in with Microsoft or Google); was \""
                    + safe(authText) + "\".");
        } else if (!username.isEmpty() && password.isEmpty() && !values.hasProblem(SMTP_PASSWORD)) {
            values.problem(SMTP_PASSWORD, "is required when smtp.username is set (or set the environment variable "
                    + PASSWORD_VARIABLE + "). Gmail, iCloud, Yahoo and others need an app password; Microsoft 365 "
                    + "and Outlook.com need smtp.auth=oauth2.");
        }
        Path trust = null;
        String trustText = values.text(SMTP_TRUST_CERTIFICATE, "");
        if (!trustText.isEmpty()) {
            try {
                Path candidate = Path.of(trustText);
                trust = candidate.isAbsolute() || baseDirectory == null ? candidate : baseDirectory.resolve(candidate);
                if (!Files.isRegularFile(trust) || !Files.isReadable(trust)) {
                    values.problem(SMTP_TRUST_CERTIFICATE, "names " + safe(trust.toString())
                            + ", which does not exist or cannot be read. Give the path of a PEM file.");
                }
            } catch (java.nio.file.InvalidPathException e) {
                values.problem(SMTP_TRUST_CERTIFICATE, "is not a valid file path: \"" + safe(trustText) + "\".");
            }
        }
        int timeoutSeconds = values.integer(SMTP_TIMEOUT_SECONDS, 15, 1, 600);
        List<Duration> backoff = values.durations(SMTP_RETRY_BACKOFF_SECONDS, "1,3", 0, 60, 5);
        String defaultFrom = EmailAddresses.isValid(username) ? username : "";
        String from = values.text(MAIL_FROM, defaultFrom);
        if (from.isEmpty()) {
            values.problem(MAIL_FROM, "is required: the sender address, e.g. you@example.com "
                    + "(it defaults to smtp.username when that is an address).");
        } else if (!EmailAddresses.isValid(from)) {
            values.problem(MAIL_FROM, "must be an email address such as you@example.com; was \"" + safe(from) + "\".");
        }
        String fromName = values.text(MAIL_FROM_NAME, "OTP Verifier");
        if (fromName.length() > 100) {
            values.problem(MAIL_FROM_NAME, "must be at most 100 characters.");
        }

        OtpPolicy defaults = OtpPolicy.defaults();
        OtpPolicy policy = new OtpPolicy(
                Duration.ofSeconds(values.integer(OTP_CODE_VALIDITY_SECONDS,
                        (int) defaults.codeValidity().toSeconds(), 30, 86_400)),
                values.integer(OTP_MAX_ATTEMPTS, defaults.maxAttemptsPerCode(), 1, 100),
                Duration.ofSeconds(values.integer(OTP_RESEND_COOLDOWN_SECONDS,
                        (int) defaults.resendCooldown().toSeconds(), 0, 86_400)),
                values.integer(OTP_MAX_CODES_PER_WINDOW, defaults.maxCodesPerWindow(), 1, 1_000),
                Duration.ofSeconds(values.integer(OTP_CODES_WINDOW_SECONDS,
                        (int) defaults.codesWindow().toSeconds(), 1, 604_800)),
                values.integer(OTP_LOCKOUT_FAILURES, defaults.maxFailuresPerLockWindow(), 1, 10_000),
                Duration.ofSeconds(values.integer(OTP_LOCKOUT_WINDOW_SECONDS,
                        (int) defaults.lockWindow().toSeconds(), 1, 604_800)),
                values.integer(OTP_MAX_TRACKED_ADDRESSES, defaults.maxEntries(), 1, 10_000_000),
                values.bool(OTP_PREVIOUS_CODE_VALID, defaults.previousCodeValid()));

        if (!values.problems.isEmpty()) {
            throw new ConfigException(sourceDescription, values.problems);
        }
        // A sign-in logs in as the mailbox it sends from, so a hand-written file may leave the user name out.
        String login = oauth != null && username.isEmpty() ? from : username;
        SmtpConfig smtp = new SmtpConfig(host, port, security, login, password, passwordFromEnvironment, trust,
                Duration.ofSeconds(timeoutSeconds), backoff, from, fromName, oauth);
        return new AppConfig(smtp, policy, source, warnings);
    }

    /** The {@code oauth.*} keys, checked; {@code null} after a problem was recorded. */
    private static OAuthConfig oauth(Values values, String username) {
        String providerText = values.text(OAUTH_PROVIDER, "");
        Optional<OAuthConfig.Provider> provider = OAuthConfig.Provider.parse(providerText);
        if (provider.isEmpty()) {
            values.problem(OAUTH_PROVIDER, "must be microsoft or google when smtp.auth=oauth2; was \""
                    + safe(providerText) + "\".");
        }
        String clientId = values.text(OAUTH_CLIENT_ID, "");
        if (clientId.isEmpty()) {
            values.problem(OAUTH_CLIENT_ID, "is required when smtp.auth=oauth2: the application (client) ID of your "
                    + "own app registration (the README shows how to create one).");
        } else if (clientId.length() > 256 || clientId.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            values.problem(OAUTH_CLIENT_ID, "must be an ID without spaces, as the provider shows it; was \""
                    + safe(clientId) + "\".");
        }
        String secret = values.secret(OAUTH_CLIENT_SECRET);
        if (provider.isPresent() && provider.get() == OAuthConfig.Provider.GOOGLE && secret.isEmpty()) {
            values.problem(OAUTH_CLIENT_SECRET, "is required with oauth.provider=google: the client secret of your "
                    + "\"Desktop app\" client, shown beside its client ID in the Google Cloud console.");
        }
        String tenant = values.text(OAUTH_TENANT, "");
        if (!tenant.isEmpty() && !tenant.matches("[A-Za-z0-9.-]{1,100}")) {
            values.problem(OAUTH_TENANT, "must be a tenant ID, a domain such as contoso.onmicrosoft.com, common, "
                    + "organizations or consumers; was \"" + safe(tenant) + "\".");
        }
        String issuer = values.text(OAUTH_ISSUER, "");
        if (!issuer.isEmpty() && !isIssuerUrl(issuer)) {
            values.problem(OAUTH_ISSUER, "must be an https address such as https://login.microsoftonline.us/TENANT/v2.0 "
                    + "(plain http only on this computer); was \"" + safe(issuer) + "\".");
        }
        if (!username.isEmpty() && !EmailAddresses.isValid(username)) {
            values.problem(SMTP_USERNAME, "must be the email address you sign in with when smtp.auth=oauth2; was \""
                    + safe(username) + "\".");
        }
        if (provider.isEmpty()) {
            return null;
        }
        return new OAuthConfig(provider.get(), clientId, secret, tenant, issuer);
    }

    private static boolean isIssuerUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT);
            String host = uri.getHost();
            boolean loopback = host != null && (host.equals("127.0.0.1") || host.equals("[::1]")
                    || host.equalsIgnoreCase("localhost"));
            return host != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (scheme.equals("https") || (scheme.equals("http") && loopback));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** "Unknown key smtp.hots: did you mean smtp.host?" */
    static String unknownKeyWarning(String key) {
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String known : ConfigKeys.ALL) {
            int distance = distance(key.toLowerCase(Locale.ROOT), known);
            if (distance < best) {
                best = distance;
                nearest = known;
            }
        }
        String shown = safe(key);
        if (nearest != null && best <= Math.max(2, nearest.length() / 4)) {
            return "Unknown key " + shown + " is ignored. Did you mean " + nearest + "?";
        }
        return "Unknown key " + shown + " is ignored. See config.properties.example for the known keys.";
    }

    /** Levenshtein distance, with the work bounded for hostile key lengths. */
    static int distance(String a, String b) {
        if (a.length() > 200) {
            return Integer.MAX_VALUE / 2;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static boolean isHostName(String host) {
        if (host.length() > 253) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == ':' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return !host.isEmpty() && !host.startsWith("-") && !host.startsWith(".");
    }

    /** Printable, short: a config value is shown back to the user, and it may be hostile. */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        String shown = ConfigLocator.printable(text.length() > 80 ? text.substring(0, 80) : text);
        return text.length() > 80 ? shown + '…' : shown;
    }

    /** Reads typed values and collects problems instead of stopping at the first. */
    private static final class Values {
        final Properties properties;
        final List<Problem> problems = new ArrayList<>();

        Values(Properties properties) {
            this.properties = properties;
        }

        void problem(String key, String message) {
            problems.add(new Problem(key, message));
        }

        /** Whether {@code key} already has a problem: one wrong value gets one message, the real one. */
        boolean hasProblem(String key) {
            return problems.stream().anyMatch(problem -> problem.key().equals(key));
        }

        String text(String key, String fallback) {
            String value = properties.getProperty(key);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            value = value.strip();
            if (value.length() > MAX_TEXT_LENGTH) {
                problem(key, "is longer than " + MAX_TEXT_LENGTH + " characters.");
                return fallback;
            }
            if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
                problem(key, "must not contain control characters or line breaks.");
                return fallback;
            }
            return value;
        }

        String secret(String key) {
            String value = properties.getProperty(key, "");
            if (value.length() > MAX_TEXT_LENGTH) {
                problem(key, "is longer than " + MAX_TEXT_LENGTH + " characters.");
                return "";
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                problem(key, "must not contain line breaks or NUL characters.");
                return "";
            }
            return value;
        }

        int integer(String key, int fallback, int min, int max) {
            String value = text(key, "");
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            problem(key, "must be a whole number from " + min + " to " + max + "; was \"" + safe(value) + "\".");
            return fallback;
        }

        boolean bool(String key, boolean fallback) {
            String value = text(key, "");
            if (value.isEmpty()) {
                return fallback;
            }
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            problem(key, "must be true or false; was \"" + safe(value) + "\".");
            return fallback;
        }

        List<Duration> durations(String key, String fallback, int min, int max, int maxCount) {
            String value = properties.getProperty(key);
            String source = value == null ? fallback : value.strip();
            List<Duration> result = new ArrayList<>();
            if (source.isEmpty()) {
                return result;
            }
            String[] parts = source.split(",", -1);
            if (parts.length > maxCount) {
                problem(key, "may list at most " + maxCount + " pauses; was \"" + safe(source) + "\".");
                return List.of();
            }
            for (String part : parts) {
                try {
                    int seconds = Integer.parseInt(part.strip());
                    if (seconds < min || seconds > max) {
                        throw new NumberFormatException();
                    }
                    result.add(Duration.ofSeconds(seconds));
                } catch (NumberFormatException e) {
                    problem(key, "must be a comma-separated list of whole seconds from " + min + " to " + max
                            + ", e.g. 1,3 (empty for no retries); was \"" + safe(source) + "\".");
                    return List.of();
                }
            }
            return result;
        }
    }
}
