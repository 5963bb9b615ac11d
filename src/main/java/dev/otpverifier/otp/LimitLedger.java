package dev.otpverifier.otp;

/**
 * Where {@link OtpService} keeps the counts that protect an address ({@link AddressLimits}), so that
 * they can outlive the process and be shared by several processes.
 *
 * <p>Implementations: {@link #none()} (the process's memory only, for tests and embedding) and the
 * app's owner-only file. An implementation must be thread safe, must never lose a merged value
 * (across threads and, for a file, across processes), and must store the address only in a form that
 * cannot be read back (a keyed hash). Codes never reach a ledger.
 *
 * <p>A ledger that cannot read or write its storage does not throw: it keeps working from memory and
 * reports the problem once, in its own way; refusing every code because a disk is full would lock
 * everyone out.
 */
public interface LimitLedger {

    /**
     * What is recorded for an address.
     *
     * @param addressKey the address's key ({@link EmailAddresses#key}); a ledger keeps only its keyed hash
     * @return the recorded limits, or {@link AddressLimits#NONE}
     */
    AddressLimits read(String addressKey);

    /**
     * Merges {@code limits} into what is recorded for an address ({@link AddressLimits#merge}) and
     * returns the result, which includes what other processes recorded meanwhile.
     *
     * @param addressKey the address's key ({@link EmailAddresses#key})
     * @param limits what this process knows
     * @return the recorded limits after the merge
     */
    AddressLimits merge(String addressKey, AddressLimits limits);

    /** A ledger that keeps nothing beyond the service's own memory: every count ends with the process. */
    static LimitLedger none() {
        return new LimitLedger() {
            @Override
            public AddressLimits read(String addressKey) {
                return AddressLimits.NONE;
            }

            @Override
            public AddressLimits merge(String addressKey, AddressLimits limits) {
                return limits;
            }
        };
    }
}
