package dev.otpverifier.mail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server said when it refused an XOAUTH2 token: the error a {@code 334} reply carries as
 * base64 JSON, such as {@code {"status":"401","schemes":"Bearer","scope":"https://mail.google.com/"}}.
 *
 * <p>Google's XOAUTH2 puts HTTP status numbers in {@code status}; RFC 7628 section 3.2.2 (OAUTHBEARER)
 * puts RFC 6750 error codes there ({@code invalid_token}, {@code insufficient_scope}); both are
 * understood. The reply is hostile input: the encoded text is read only up to
 * {@value #MAX_ENCODED_LENGTH} characters, it must decode to printable ASCII (JSON whitespace
 * aside), and each field keeps at most 200 printable characters. No JSON library is needed, because
 * only two flat string fields are read and anything unexpected means "no details".
 *
 * <p>Immutable and thread safe.
 *
 * @param status the {@code status} field, or empty
 * @param scope the {@code scope} field (the permission the server wants), or empty
 */
record BearerChallenge(String status, String scope) {

    /** The longest base64 text that is decoded at all; real challenges are under 200 characters. */
    static final int MAX_ENCODED_LENGTH = 4096;

    private static final Set<String> SCOPE_PROBLEMS = Set.of("403", "insufficient_scope");
    private static final Pattern CODE_AND_TEXT = Pattern.compile("^334[ -]?(.*)$");

    /** Both fields made printable and short. */
    BearerChallenge {
        status = SmtpErrors.sanitize(status);
        scope = SmtpErrors.sanitize(scope);
    }

    /**
     * The challenge in a {@code 334} reply, or empty when the reply is no {@code 334}, is not
     * base64, is too long, decodes to anything but printable ASCII, or names neither field.
     */
    static Optional<BearerChallenge> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        int end = reply.indexOf('\n');
        Matcher matcher = CODE_AND_TEXT.matcher((end < 0 ? reply : reply.substring(0, end)).strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String encoded = matcher.group(1).strip();
        if (encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        for (byte b : decoded) {
            boolean jsonWhitespace = b == '\t' || b == '\n' || b == '\r';
            if (!jsonWhitespace && (b < 0x20 || b > 0x7e)) {
                return Optional.empty();
            }
        }
        String json = new String(decoded, StandardCharsets.US_ASCII);
        String status = field(json, "status");
        String scope = field(json, "scope");
        if (status.isEmpty() && scope.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BearerChallenge(status, scope));
    }

    /**
     * Whether the server says the sign-in lacks a permission (HTTP 403, {@code insufficient_scope}):
     * a renewed token carries the same permissions, so only signing in again can help.
     */
    boolean scopeMissing() {
        return SCOPE_PROBLEMS.contains(status.toLowerCase(Locale.ROOT));
    }

    /** A string or number value of a top-level-looking field; empty when absent or escaped. */
    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*(?:\"([^\"\\\\]{0,400})\"|(\\d{1,3})\\b)")
                .matcher(json);
        if (!matcher.find()) {
            return "";
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }
}
