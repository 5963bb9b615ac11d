package dev.otpverifier.otp;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link LimitLedger} in a map, standing in for the app's file: two services given the same
 * ledger behave like the app before and after a restart, or like two processes on one file.
 * Thread safe.
 */
final class MapLedger implements LimitLedger {

    private final Map<String, AddressLimits> recorded = new HashMap<>();

    @Override
    public synchronized AddressLimits read(String addressKey) {
        return recorded.getOrDefault(addressKey, AddressLimits.NONE);
    }

    @Override
    public synchronized AddressLimits merge(String addressKey, AddressLimits limits) {
        return recorded.merge(addressKey, limits, AddressLimits::merge);
    }

    /** Everything recorded for an address, for assertions. */
    synchronized AddressLimits recordedFor(String addressKey) {
        return read(addressKey);
    }
}
