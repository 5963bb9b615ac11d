package dev.otpverifier.console;

import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.EmailAddresses;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.otp.RequestResult;
import dev.otpverifier.otp.VerifyResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Runs the whole verification in a terminal, like a classic command-line program.
 *
 * <p>Prompts and results go to standard output, problems to standard error, answers come from
 * standard input; the exit status says how it ended ({@link #VERIFIED}, {@link #NOT_VERIFIED},
 * {@link #USAGE_ERROR}, {@link #SEND_FAILED}). Not thread safe: one flow per terminal.
 */
public final class ConsoleFlow {

    /** Exit status: the address was verified. */
    public static final int VERIFIED = 0;
    /** Exit status: the address was not verified (wrong, expired, locked, input ended). */
    public static final int NOT_VERIFIED = 1;
    /** Exit status: bad command line or configuration. */
    public static final int USAGE_ERROR = 2;
    /** Exit status: the code could not be sent. */
    public static final int SEND_FAILED = 3;

    private static final int MAX_ADDRESS_TRIES = 5;
    /** Codes typed in a row while there is none to check (used up, expired) before the run ends. */
    private static final int MAX_DEAD_ENDS = 3;
    private static final int MAX_LINE_LENGTH = 4_096;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final OtpService service;
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final ResourceBundle text;
    private final Locale locale;
    private final ZoneId zone;

    /**
     * Creates a flow.
     *
     * @param service issues and verifies the codes
     * @param in standard input
     * @param out standard output
     * @param err standard error
     * @param locale the language of the texts
     */
    public ConsoleFlow(OtpService service, BufferedReader in, PrintStream out, PrintStream err, Locale locale) {
        this.service = Objects.requireNonNull(service, "service");
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.locale = Objects.requireNonNull(locale, "locale");
        this.text = ResourceBundle.getBundle("dev.otpverifier.console.ConsoleText", locale);
        this.zone = service.clock().getZone();
    }

    /**
     * Runs the flow.
     *
     * @param email the address from {@code --email}, already validated, or empty to ask for one
     * @return the exit status
     */
    public int run(Optional<String> email) {
        Optional<String> address = email.isPresent() ? email : askAddress();
        if (address.isEmpty()) {
            err.println(text.getString("noEmail"));
            return NOT_VERIFIED;
        }
        String masked = EmailAddresses.mask(address.get());
        int status = requestCode(address.get(), masked);
        if (status >= 0) {
            return status;
        }
        int deadEnds = 0; // answers in a row while no code could be checked
        while (true) {
            out.print(text.getString("askCode"));
            out.flush();
            Optional<String> line = readLine();
            if (line.isEmpty()) {
                out.println();
                err.println(format("noCode", masked));
                return NOT_VERIFIED;
            }
            String entered = line.get().strip();
            if (entered.equalsIgnoreCase("resend")) {
                deadEnds = 0;
                // A refusal (cooldown, quota) is said and the prompt comes back; by default a code that
                // was sent replaces the earlier one, otherwise the earlier one stays usable until it expires.
                requestCode(address.get(), masked);
                continue;
            }
            VerifyResult result = service.verify(address.get(), entered);
            boolean nothingToCheck = result instanceof VerifyResult.Expired
                    || result instanceof VerifyResult.TooManyAttempts || result instanceof VerifyResult.NoActiveCode
                    || result instanceof VerifyResult.SenderChanged;
            deadEnds = nothingToCheck ? deadEnds + 1 : 0;
            Integer ended = result.accept(new VerifyResult.Visitor<Integer>() {
                @Override
                public Integer verified(VerifyResult.Verified result) {
                    out.println(format("verified", masked));
                    return VERIFIED;
                }

                @Override
                public Integer wrongCode(VerifyResult.WrongCode result) {
                    err.println(format("wrongCode", result.attemptsLeft()));
                    return null;
                }

                @Override
                public Integer expired(VerifyResult.Expired result) {
                    // A restart would not help (the limits outlive it): the way on is a new code, here.
                    err.println(text.getString("expired"));
                    return null;
                }

                @Override
                public Integer tooManyAttempts(VerifyResult.TooManyAttempts result) {
                    err.println(text.getString("tooManyAttempts"));
                    return null;
                }

                @Override
                public Integer noActiveCode(VerifyResult.NoActiveCode result) {
                    err.println(format("noActiveCode", masked));
                    return null;
                }

                @Override
                public Integer superseded(VerifyResult.Superseded result) {
                    err.println(format("superseded", masked));
                    return null;
                }

                @Override
                public Integer senderChanged(VerifyResult.SenderChanged result) {
                    err.println(text.getString("senderChanged"));
                    return null;
                }

                @Override
                public Integer malformed(VerifyResult.Malformed result) {
                    err.println(text.getString("malformed"));
                    return null;
                }

                @Override
                public Integer locked(VerifyResult.Locked result) {
                    return notNow("locked", masked, result.until());
                }
            });
            if (ended != null) {
                return ended;
            }
            if (deadEnds >= MAX_DEAD_ENDS) {
                // Input that keeps coming without asking for a new code (a script, a stuck key) ends here.
                err.println(format("noCodeLeft", masked));
                return NOT_VERIFIED;
            }
        }
    }

    /** Sends a code; returns -1 when one is on its way, otherwise the exit status. */
    private int requestCode(String address, String masked) {
        out.println(format("sending", masked));
        RequestResult result;
        try {
            result = service.requestCode(address);
        } catch (DeliveryException e) {
            err.println(text.getString("sendFailed") + " " + e.getMessage());
            return SEND_FAILED;
        }
        return result.accept(new RequestResult.Visitor<Integer>() {
            @Override
            public Integer sent(RequestResult.Sent sent) {
                long seconds = Duration.between(service.clock().instant(), sent.expiresAt()).toSeconds();
                long minutes = (seconds + 59) / 60; // "10 minutes", not "9", after a send that took a second
                out.println(format("sent", masked, time(sent.expiresAt()), format("minutes", minutes)));
                return -1;
            }

            @Override
            public Integer cooldown(RequestResult.Cooldown cooldown) {
                return notNow("cooldown", masked, cooldown.retryAt());
            }

            @Override
            public Integer rateLimited(RequestResult.RateLimited limited) {
                return notNow("rateLimited", masked, limited.retryAt());
            }

            @Override
            public Integer locked(RequestResult.Locked locked) {
                return notNow("locked", masked, locked.until());
            }

            @Override
            public Integer busy(RequestResult.Busy busy) {
                return notNow("busy", masked, busy.retryAt());
            }

            @Override
            public Integer invalidAddress(RequestResult.InvalidAddress invalid) {
                err.println(format("invalidAddress", masked));
                return USAGE_ERROR;
            }
        });
    }

    /** Says why nothing happens now and from when it will; ends the run unless a resend asked. */
    private int notNow(String key, String masked, Instant when) {
        err.println(format(key, masked, time(when)));
        return NOT_VERIFIED;
    }

    private Optional<String> askAddress() {
        for (int i = 0; i < MAX_ADDRESS_TRIES; i++) {
            out.print(text.getString("askEmail"));
            out.flush();
            Optional<String> line = readLine();
            if (line.isEmpty()) {
                out.println();
                return Optional.empty();
            }
            String candidate = line.get().strip();
            if (EmailAddresses.isValid(candidate)) {
                return Optional.of(candidate);
            }
            err.println(text.getString("invalidEmail"));
        }
        return Optional.empty();
    }

    /** One line of input, cut at a sane length; empty at end of input. */
    private Optional<String> readLine() {
        try {
            String line = in.readLine();
            if (line == null) {
                return Optional.empty();
            }
            return Optional.of(line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) : line);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String time(Instant instant) {
        return TIME.format(instant.atZone(zone));
    }

    private String format(String key, Object... arguments) {
        return new MessageFormat(text.getString(key), locale).format(arguments);
    }
}
