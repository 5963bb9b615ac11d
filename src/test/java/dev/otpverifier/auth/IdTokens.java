package dev.otpverifier.auth;

import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.util.function.Consumer;

/**
 * Unsigned ID tokens with the claims a test chooses, as a token endpoint sends them over TLS (OpenID
 * Connect Core 3.1.3.7 lets the client rely on TLS instead of the signature there).
 */
final class IdTokens {

    private IdTokens() {
    }

    /** A token with exactly the claims {@code claims} sets. */
    static String of(Consumer<JWTClaimsSet.Builder> claims) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.accept(builder);
        return new PlainJWT(new PlainHeader(), builder.build()).serialize();
    }
}
