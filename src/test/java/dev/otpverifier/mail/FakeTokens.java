package dev.otpverifier.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * An {@link AccessTokenSource} for tests: hands out fixed tokens and counts what it was asked.
 *
 * <p>{@link #accessToken()} returns the current token; each {@link #renewedAccessToken(String)}
 * moves on to the next of the given renewals (the last one repeats). Either can be made to throw.
 * Thread safe.
 */
final class FakeTokens implements AccessTokenSource {

    private final String account;
    private final List<String> tokens;
    private final List<String> rejected = new ArrayList<>();
    private int current;
    private int fetches;
    private RuntimeException failure;
    private RuntimeException renewalFailure;

    private FakeTokens(String account, List<String> tokens) {
        this.account = Objects.requireNonNull(account, "account");
        this.tokens = List.copyOf(tokens);
    }

    /** Tokens for {@code account}: {@code first}, then one of {@code renewals} per renewal. */
    static FakeTokens of(String account, String first, String... renewals) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(renewals));
        return new FakeTokens(account, all);
    }

    /**
     * A token shaped like a Microsoft Entra access token (a JWT: three base64url parts joined by
     * dots), {@code length} characters long, different for each {@code seed}.
     */
    static String jwtLike(int length, long seed) {
        String header = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9";
        Random random = new Random(seed);
        StringBuilder token = new StringBuilder(header).append('.');
        int signature = Math.min(342, Math.max(1, (length - header.length()) / 4));
        while (token.length() < length - signature - 1) {
            token.append(BASE64URL.charAt(random.nextInt(BASE64URL.length())));
        }
        token.append('.');
        while (token.length() < length) {
            token.append(BASE64URL.charAt(random.nextInt(BASE64URL.length())));
        }
        return token.toString();
    }

    /** A token shaped like a Google access token ({@code ya29.} and base64url), {@code length} long. */
    static String googleLike(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder token = new StringBuilder("ya29.");
        while (token.length() < length) {
            token.append(BASE64URL.charAt(random.nextInt(BASE64URL.length())));
        }
        return token.toString();
    }

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** From now on, both methods throw {@code thrown}. */
    synchronized FakeTokens failingWith(RuntimeException thrown) {
        failure = thrown;
        return this;
    }

    /** From now on, {@link #renewedAccessToken(String)} throws {@code thrown}. */
    synchronized FakeTokens renewalFailingWith(RuntimeException thrown) {
        renewalFailure = thrown;
        return this;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public synchronized String accessToken() {
        fetches++;
        if (failure != null) {
            throw failure;
        }
        return tokens.get(current);
    }

    @Override
    public synchronized String renewedAccessToken(String refused) {
        rejected.add(refused);
        if (failure != null) {
            throw failure;
        }
        if (renewalFailure != null) {
            throw renewalFailure;
        }
        current = Math.min(current + 1, tokens.size() - 1);
        return tokens.get(current);
    }

    /** How often {@link #accessToken()} was called. */
    synchronized int fetches() {
        return fetches;
    }

    /** How often a renewal was asked for. */
    synchronized int renewals() {
        return rejected.size();
    }

    /** The tokens given to {@link #renewedAccessToken(String)} as refused, in order. */
    synchronized List<String> rejected() {
        return List.copyOf(rejected);
    }

    /** Never a token. */
    @Override
    public String toString() {
        return "FakeTokens[" + account + "]";
    }
}
