package dev.otpverifier.app;

import dev.otpverifier.otp.AddressLimits;
import dev.otpverifier.otp.LimitLedger;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link LimitLedger} opened on first use, or by {@link #open()} on a background thread: opening
 * the file (checking the directory, reading or making the key, setting up HMAC-SHA256) costs
 * milliseconds that the first frame of the window need not wait for.
 *
 * <p>Thread safe: the ledger is opened once, whichever thread asks first.
 */
final class LazyLedger implements LimitLedger {

    private final Supplier<LimitLedger> opener;
    private volatile LimitLedger ledger;

    LazyLedger(Supplier<LimitLedger> opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Opens the ledger now, if that has not happened yet. */
    LimitLedger open() {
        LimitLedger opened = ledger;
        if (opened == null) {
            synchronized (this) {
                opened = ledger;
                if (opened == null) {
                    opened = Objects.requireNonNull(opener.get(), "the opener gave no ledger");
                    ledger = opened;
                }
            }
        }
        return opened;
    }

    @Override
    public AddressLimits read(String addressKey) {
        return open().read(addressKey);
    }

    @Override
    public AddressLimits merge(String addressKey, AddressLimits limits) {
        return open().merge(addressKey, limits);
    }
}
