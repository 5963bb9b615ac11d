package dev.otpverifier.ui;

import dev.otpverifier.otp.Codes;
import dev.otpverifier.otp.EmailAddresses;
import dev.otpverifier.otp.RequestResult;
import dev.otpverifier.otp.VerifyResult;
import dev.otpverifier.ui.common.Tone;
import dev.otpverifier.ui.common.UiText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of the verification form and every rule about it, without Swing.
 *
 * <p>The panel feeds it events (the address changed, sending started, a result came back, a second
 * passed) and renders what it says: which fields are enabled, the button texts, the countdowns, the
 * status line with its tone and offered action. Time is always a parameter, so tests are exact.
 *
 * <p>Not thread safe: the window uses it on the event dispatch thread only.
 */
final class VerificationModel {

    /** Where the person is in the flow. */
    enum Phase {
        /** Typing an address; no code is pending for it. */
        ADDRESS,
        /** A code is being requested. */
        SENDING,
        /** A code was sent to the address in the field and can be typed. */
        CODE,
        /** A typed code is being checked. */
        VERIFYING,
        /** The address is verified; the form is locked until the person starts over. */
        VERIFIED
    }

    /** The one action a status offers beside its text. */
    enum Offer {
        /** Nothing to offer. */
        NONE,
        /** Send a new code to the same address. */
        RESEND,
        /** Clear the form to verify another address. */
        START_OVER
    }

    /** Text that may depend on the current time (countdowns). */
    @FunctionalInterface
    interface TimedText {
        /** The text at {@code now}. */
        String at(Instant now);
    }

    /**
     * A line of feedback.
     *
     * @param tone colour and icon
     * @param text the words, possibly with a countdown
     * @param offer the action beside it
     * @param clearsAt when it stops being true and disappears by itself, or {@code null}
     */
    record Status(Tone tone, TimedText text, Offer offer, Instant clearsAt) {
        /** Checks that nothing is missing but {@code clearsAt}. */
        Status {
            Objects.requireNonNull(tone, "tone");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(offer, "offer");
        }
    }

    private final ZoneId zone;
    private final Locale locale;
    private final List<Runnable> listeners = new ArrayList<>();

    private String address = "";
    private Phase phase = Phase.ADDRESS;
    private boolean serviceAvailable = true;
    private String pendingAddress;
    private Instant expiresAt;
    private Instant resendAllowedAt;
    private Status status;
    /** Whether codes go to the built-in demo inbox, which has no spam folder to check. */
    private boolean demo;
    /** Whether {@link #status} explains why the typed address is no address. */
    private boolean addressExplained;
    private boolean expiryAnnounced;
    /** Whether the pending code can no longer be used (too many wrong tries, or the service forgot it). */
    private boolean codeUsedUp;
    /** The address the service refuses for now (locked or rate-limited), as a key, and until when. */
    private Optional<String> refusedAddress = Optional.empty();
    private Instant refusedUntil = Instant.MIN;
    /** The time of the last {@link #tick}, for the state that needs a clock but is asked without one. */
    private Instant lastTick = Instant.MIN;
    /** Whether the mail settings changed while a code was being sent: that code proves nothing now. */
    private boolean sendOutdated;
    /** Whether the mail settings changed while a code was being checked: its answer is not shown. */
    private boolean verifyOutdated;

    /**
     * Creates an empty form.
     *
     * @param zone the time zone for "until 14:05" texts
     * @param locale the locale for those times
     */
    VerificationModel(ZoneId zone, Locale locale) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.locale = Objects.requireNonNull(locale, "locale");
    }

    /** Calls {@code listener} after every change. */
    void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    // ---- what the view reads ------------------------------------------------------------------

    Phase phase() {
        return phase;
    }

    String address() {
        return address;
    }

    /** The status line, if there is one. */
    Optional<Status> status() {
        return Optional.ofNullable(status);
    }

    /** Whether the address field should show the error outline: something is typed and it is no address. */
    boolean addressError() {
        return !address.isBlank() && !EmailAddresses.isValid(address);
    }

    boolean addressEditable() {
        return phase == Phase.ADDRESS || phase == Phase.CODE;
    }

    /** Whether the typed address is the one the pending code went to. */
    boolean addressIsPending() {
        if (pendingAddress == null) {
            return false;
        }
        Optional<String> typed = EmailAddresses.key(address);
        return typed.isPresent() && typed.equals(EmailAddresses.key(pendingAddress));
    }

    /** Whether a send (or resend) may start now. */
    boolean sendEnabled(Instant now) {
        if (!serviceAvailable || !EmailAddresses.isValid(address)) {
            return false;
        }
        if (refused(now)) {
            return false; // the status says until when; a click would only say it again
        }
        if (phase != Phase.ADDRESS && phase != Phase.CODE) {
            return false;
        }
        return !(addressIsPending() && now.isBefore(resendAllowedAt));
    }

    /** "Send code", "Sending…", "Resend in 0:25" or "Resend". */
    String sendText(Instant now) {
        if (phase == Phase.SENDING) {
            return UiText.plain("send.sending");
        }
        if (phase == Phase.VERIFIED) {
            return UiText.plain("send.send"); // done: no resend countdown next to a success
        }
        if (addressIsPending()) {
            return now.isBefore(resendAllowedAt)
                    ? UiText.format("send.resendIn", Countdown.until(now, resendAllowedAt))
                    : UiText.plain("send.resend");
        }
        return UiText.plain("send.send");
    }

    /** Whether the code field accepts input. */
    boolean codeEditable() {
        // A used-up code takes no more tries: only a new one helps, which the status offers. Nor does
        // a locked address (the lock ends with a tick).
        return phase == Phase.CODE && addressIsPending() && !codeUsedUp && !refused(lastTick);
    }

    /** Whether {@code code} may be checked now. */
    boolean verifyEnabled(String code) {
        return codeEditable() && Codes.isWellFormed(code);
    }

    /** "Expires in 9:41", "Expired", or empty when no code is pending. */
    String expiryText(Instant now) {
        if (!codeEditable() && phase != Phase.VERIFYING) {
            return "";
        }
        return now.isBefore(expiresAt)
                ? UiText.format("code.expiresIn", Countdown.until(now, expiresAt))
                : UiText.plain("code.expiredShort");
    }

    /** Whether the pending code's time is up. */
    boolean codeExpired(Instant now) {
        return codeEditable() && !now.isBefore(expiresAt);
    }

    /** The address the pending code went to, as typed then; empty when none is pending. */
    Optional<String> pendingAddress() {
        return Optional.ofNullable(pendingAddress);
    }

    /** The address the pending code went to, masked for the screen. */
    String maskedPending() {
        return EmailAddresses.mask(pendingAddress);
    }

    // ---- events ------------------------------------------------------------------------------

    /** Whether codes go to the demo inbox (set before the first send, and when the mode changes). */
    void demoModeChanged(boolean demoMode) {
        demo = demoMode;
    }

    /**
     * The mail settings changed (demo to real mail, one server to another, or back): a code sent
     * through the old ones proves nothing now, so the form leaves the code step and says why. A
     * verified address stays verified; the service keeps every count and lock.
     */
    void mailSettingsChanged() {
        if (phase == Phase.SENDING) {
            sendOutdated = true; // the code on its way went through the old settings
            return;
        }
        if (pendingAddress == null || phase == Phase.VERIFIED) {
            return;
        }
        verifyOutdated = phase == Phase.VERIFYING;
        leaveCodeStep();
        fire();
    }

    private void leaveCodeStep() {
        forgetPendingCode();
        phase = Phase.ADDRESS;
        status = fixed(Tone.WARNING, UiText.plain("status.settingsChanged"), Offer.RESEND, null);
    }

    /** Whether a service to send with exists (false while the configuration is broken). */
    void serviceAvailabilityChanged(boolean available) {
        serviceAvailable = available;
        fire();
    }

    /**
     * The person pressed Enter in the address field, or left it: if what they typed is no address,
     * the status says why the code cannot be sent (the outline alone does not).
     */
    void addressCommitted() {
        if (phase == Phase.ADDRESS && addressError()) {
            status = fixed(Tone.WARNING, UiText.plain("email.invalid"), Offer.NONE, null);
            addressExplained = true;
            fire();
        }
    }

    /**
     * The person pressed Enter in the code field with something that is not six digits yet: say
     * what a code looks like instead of doing nothing.
     */
    void codeCommittedIncomplete() {
        if (codeEditable()) {
            status = fixed(Tone.WARNING, UiText.plain("status.malformed"), Offer.NONE, null);
            fire();
        }
    }

    /** The address field's text changed. */
    void addressChanged(String text) {
        address = text == null ? "" : text;
        if (addressExplained && !addressError()) {
            status = null; // valid now, or cleared: the explanation has done its work
            addressExplained = false;
        }
        if (phase == Phase.CODE && !addressIsPending()) {
            phase = Phase.ADDRESS;
            status = null;
        } else if (phase == Phase.ADDRESS && addressIsPending()) {
            phase = Phase.CODE;
        }
        fire();
    }

    /** A request for {@link #address()} started. */
    void sendStarted() {
        phase = Phase.SENDING;
        sendOutdated = false;
        status = null;
        fire();
    }

    /**
     * The request came back.
     *
     * @return whether a code was sent (the view then moves the focus to the code field)
     */
    boolean sendFinished(RequestResult result, Instant now) {
        boolean sent = result.accept(new RequestResult.Visitor<Boolean>() {
            @Override
            public Boolean sent(RequestResult.Sent sent) {
                if (sendOutdated) {
                    leaveCodeStep();
                    return false;
                }
                pendingAddress = address.strip();
                expiresAt = sent.expiresAt();
                resendAllowedAt = sent.resendAllowedAt();
                expiryAnnounced = false;
                codeUsedUp = false;
                String masked = EmailAddresses.mask(pendingAddress);
                status = fixed(Tone.INFO, UiText.format(demo ? "status.sent.demo" : "status.sent", masked),
                        Offer.NONE, null);
                return true;
            }

            @Override
            public Boolean cooldown(RequestResult.Cooldown cooldown) {
                if (addressIsPending()) {
                    resendAllowedAt = cooldown.retryAt();
                }
                Instant at = cooldown.retryAt();
                status = new Status(Tone.WARNING, time -> UiText.format("status.cooldown",
                        Countdown.until(time, at), clockTime(at, time)), Offer.NONE, at);
                return false;
            }

            @Override
            public Boolean rateLimited(RequestResult.RateLimited limited) {
                Instant at = limited.retryAt();
                refuse(at);
                String masked = EmailAddresses.mask(address);
                status = new Status(Tone.WARNING, time -> UiText.format("status.rateLimited",
                        masked, clockTime(at, time), Countdown.until(time, at)), Offer.NONE, at);
                return false;
            }

            @Override
            public Boolean locked(RequestResult.Locked locked) {
                refuse(locked.until());
                status = lockedStatus(locked.until());
                return false;
            }

            @Override
            public Boolean busy(RequestResult.Busy busy) {
                Instant at = busy.retryAt();
                status = new Status(Tone.WARNING, time -> UiText.format("status.busy", clockTime(at, time),
                        Countdown.until(time, at)), Offer.NONE, at);
                return false;
            }

            @Override
            public Boolean invalidAddress(RequestResult.InvalidAddress invalid) {
                status = fixed(Tone.ERROR, UiText.format("status.invalidAddress", EmailAddresses.mask(address)),
                        Offer.NONE, null);
                return false;
            }
        });
        forgetOutdatedCode();
        phase = addressIsPending() ? Phase.CODE : Phase.ADDRESS;
        fire();
        return sent;
    }

    /**
     * After a send that the mail settings overtook, whatever it answered (a refusal, a failure), the
     * code awaited before it came through the old settings too: it must not be offered for typing.
     */
    private void forgetOutdatedCode() {
        if (sendOutdated) {
            sendOutdated = false;
            forgetPendingCode();
        }
    }

    /** No code is awaited any more: none may be typed, and no expiry is shown. */
    private void forgetPendingCode() {
        pendingAddress = null;
        expiresAt = null;
        codeUsedUp = false;
    }

    /** The request failed: the mail system is down or refused, or something unexpected happened. */
    void sendFailed(String message) {
        forgetOutdatedCode();
        phase = addressIsPending() ? Phase.CODE : Phase.ADDRESS;
        status = fixed(Tone.ERROR, UiText.format("status.sendFailed", message), Offer.NONE, null);
        fire();
    }

    /** A typed code is being checked. */
    void verifyStarted() {
        phase = Phase.VERIFYING;
        verifyOutdated = false;
        fire();
    }

    /**
     * The check came back.
     *
     * @return whether the address is now verified
     */
    boolean verifyFinished(VerifyResult result) {
        if (verifyOutdated) {
            verifyOutdated = false;
            return false; // the mail settings changed meanwhile and the form left the code step; it says so
        }
        String masked = maskedPending();
        phase = Phase.CODE;
        result.accept(new VerifyResult.Visitor<Void>() {
            @Override
            public Void verified(VerifyResult.Verified verified) {
                phase = Phase.VERIFIED;
                status = fixed(Tone.SUCCESS, UiText.format("status.verified", masked), Offer.START_OVER, null);
                return null;
            }

            @Override
            public Void wrongCode(VerifyResult.WrongCode wrong) {
                status = fixed(Tone.ERROR, UiText.format("status.wrongCode", wrong.attemptsLeft()), Offer.NONE, null);
                return null;
            }

            @Override
            public Void expired(VerifyResult.Expired expired) {
                expiryAnnounced = true;
                status = fixed(Tone.WARNING, UiText.plain("status.expired"), Offer.RESEND, null);
                return null;
            }

            @Override
            public Void tooManyAttempts(VerifyResult.TooManyAttempts tooMany) {
                codeUsedUp = true;
                status = fixed(Tone.ERROR, UiText.plain("status.tooManyAttempts"), Offer.RESEND, null);
                return null;
            }

            @Override
            public Void noActiveCode(VerifyResult.NoActiveCode none) {
                codeUsedUp = true;
                status = fixed(Tone.WARNING, UiText.format("status.noActiveCode", masked), Offer.RESEND, null);
                return null;
            }

            @Override
            public Void malformed(VerifyResult.Malformed malformed) {
                status = fixed(Tone.WARNING, UiText.plain("status.malformed"), Offer.NONE, null);
                return null;
            }

            @Override
            public Void locked(VerifyResult.Locked locked) {
                refuse(locked.until());
                status = lockedStatus(locked.until());
                return null;
            }

            @Override
            public Void superseded(VerifyResult.Superseded superseded) {
                status = fixed(Tone.WARNING, UiText.format("status.superseded", masked), Offer.NONE, null);
                return null;
            }

            @Override
            public Void senderChanged(VerifyResult.SenderChanged changed) {
                // The pending code itself came through the settings in use (a change leaves the code
                // step), so the one typed is an older message's: say so, and let the newest be typed.
                status = fixed(Tone.WARNING, UiText.plain("status.oldSettingsCode"), Offer.RESEND, null);
                return null;
            }
        });
        fire();
        return phase == Phase.VERIFIED;
    }

    /** The check failed unexpectedly. */
    void verifyFailed(String message) {
        if (verifyOutdated) {
            verifyOutdated = false;
            return;
        }
        phase = Phase.CODE;
        status = fixed(Tone.ERROR, UiText.format("status.verifyFailed", message), Offer.NONE, null);
        fire();
    }

    /** "Verify another address": back to an empty form. */
    void startOver() {
        phase = Phase.ADDRESS;
        address = "";
        pendingAddress = null;
        expiresAt = null;
        resendAllowedAt = null;
        status = null;
        fire();
    }

    /**
     * A second passed: countdowns move, statuses about a deadline disappear once it passed, and a
     * code whose time ran out is announced as expired, with the offer of a new one.
     */
    void tick(Instant now) {
        lastTick = now;
        if (status != null && status.clearsAt() != null && !now.isBefore(status.clearsAt())) {
            status = null;
        }
        if (codeExpired(now) && !expiryAnnounced) {
            expiryAnnounced = true;
            status = fixed(Tone.WARNING, UiText.plain("status.expired"), Offer.RESEND, null);
        }
        fire();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** The typed address is refused by the service until {@code until}. */
    private void refuse(Instant until) {
        refusedAddress = EmailAddresses.key(address);
        refusedUntil = until;
    }

    private boolean refused(Instant now) {
        return refusedAddress.isPresent() && refusedAddress.equals(EmailAddresses.key(address))
                && now.isBefore(refusedUntil);
    }

    private Status lockedStatus(Instant until) {
        String masked = EmailAddresses.mask(address);
        return new Status(Tone.ERROR, time -> UiText.format("status.locked", masked,
                clockTime(until, time), Countdown.until(time, until)), Offer.NONE, until);
    }

    private static Status fixed(Tone tone, String text, Offer offer, Instant clearsAt) {
        return new Status(tone, time -> text, offer, clearsAt);
    }

    /** A wall-clock time such as "2:05:30 PM", with the date when it is not the day of {@code now}. */
    String clockTime(Instant instant, Instant now) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        LocalDate today = now.atZone(zone).toLocalDate();
        DateTimeFormatter formatter = day.equals(today)
                ? DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM)
                : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM);
        return formatter.withLocale(locale).withZone(zone).format(instant);
    }

    private void fire() {
        for (Runnable listener : List.copyOf(listeners)) {
            listener.run();
        }
    }
}
