package dev.otpverifier.config;

import java.util.List;

/** The keys of {@code config.properties}; {@code config.properties.example} documents each one. */
public final class ConfigKeys {

    /** Host name of the SMTP server. Required. */
    public static final String SMTP_HOST = "smtp.host";
    /** TCP port; default 587 for starttls, 465 for ssl. */
    public static final String SMTP_PORT = "smtp.port";
    /** {@code starttls} (default) or {@code ssl}. */
    public static final String SMTP_SECURITY = "smtp.security";
    /** Login name; empty for servers that need no login. */
    public static final String SMTP_USERNAME = "smtp.username";
    /** Password or app password; {@code OTP_SMTP_PASSWORD} overrides it. */
    public static final String SMTP_PASSWORD = "smtp.password";
    /** How the sender logs in: {@code password} (default) or {@code oauth2} (sign in with Microsoft or Google). */
    public static final String SMTP_AUTH = "smtp.auth";
    /** With {@code smtp.auth=oauth2}: {@code microsoft} or {@code google}. */
    public static final String OAUTH_PROVIDER = "oauth.provider";
    /** With {@code smtp.auth=oauth2}: the application (client) ID of your own app registration. */
    public static final String OAUTH_CLIENT_ID = "oauth.client.id";
    /** With {@code smtp.auth=oauth2}: the client secret of a Google desktop client; empty for Microsoft. */
    public static final String OAUTH_CLIENT_SECRET = "oauth.client.secret";
    /** With {@code oauth.provider=microsoft}: the tenant; default {@code common}. */
    public static final String OAUTH_TENANT = "oauth.tenant";
    /** With {@code smtp.auth=oauth2}: another authorization server's issuer URL; default the provider's. */
    public static final String OAUTH_ISSUER = "oauth.issuer";
    /** A PEM file of extra trusted certificates. */
    public static final String SMTP_TRUST_CERTIFICATE = "smtp.trust.certificate";
    /** Connect, read and write timeout in seconds; default 15. */
    public static final String SMTP_TIMEOUT_SECONDS = "smtp.timeout.seconds";
    /** Pauses before retries of temporary failures, comma separated seconds; default {@code 1,3}. */
    public static final String SMTP_RETRY_BACKOFF_SECONDS = "smtp.retry.backoff.seconds";
    /** The From address. Default: {@code smtp.username} when that is an address. */
    public static final String MAIL_FROM = "mail.from";
    /** The From display name; default {@code OTP Verifier}. */
    public static final String MAIL_FROM_NAME = "mail.from.name";
    /** Code validity in seconds; default 600. */
    public static final String OTP_CODE_VALIDITY_SECONDS = "otp.code.validity.seconds";
    /** Wrong attempts per code; default 5. */
    public static final String OTP_MAX_ATTEMPTS = "otp.max.attempts";
    /** Seconds before a new code may be requested; default 30. */
    public static final String OTP_RESEND_COOLDOWN_SECONDS = "otp.resend.cooldown.seconds";
    /** Codes per address per window; default 5. */
    public static final String OTP_MAX_CODES_PER_WINDOW = "otp.max.codes.per.window";
    /** The quota window in seconds; default 900. */
    public static final String OTP_CODES_WINDOW_SECONDS = "otp.codes.window.seconds";
    /** Wrong attempts per lockout window before the address is locked; default 20. */
    public static final String OTP_LOCKOUT_FAILURES = "otp.lockout.failures";
    /** The lockout window in seconds; default 3600. */
    public static final String OTP_LOCKOUT_WINDOW_SECONDS = "otp.lockout.window.seconds";
    /** The most addresses tracked at once; default 10000. */
    public static final String OTP_MAX_TRACKED_ADDRESSES = "otp.max.tracked.addresses";
    /** Whether the previous code stays usable after a new one was sent; default false. */
    public static final String OTP_PREVIOUS_CODE_VALID = "otp.previous.code.valid";

    /** Every known key, in the order of the example file. */
    public static final List<String> ALL = List.of(SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USERNAME,
            SMTP_PASSWORD, SMTP_AUTH, OAUTH_PROVIDER, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_TENANT, OAUTH_ISSUER,
            SMTP_TRUST_CERTIFICATE, SMTP_TIMEOUT_SECONDS, SMTP_RETRY_BACKOFF_SECONDS, MAIL_FROM,
            MAIL_FROM_NAME, OTP_CODE_VALIDITY_SECONDS, OTP_MAX_ATTEMPTS, OTP_RESEND_COOLDOWN_SECONDS,
            OTP_MAX_CODES_PER_WINDOW, OTP_CODES_WINDOW_SECONDS, OTP_LOCKOUT_FAILURES, OTP_LOCKOUT_WINDOW_SECONDS,
            OTP_MAX_TRACKED_ADDRESSES, OTP_PREVIOUS_CODE_VALID);

    /** The environment variable that overrides {@code smtp.password}. */
    public static final String PASSWORD_VARIABLE = "OTP_SMTP_PASSWORD";

    private ConfigKeys() {
    }
}
