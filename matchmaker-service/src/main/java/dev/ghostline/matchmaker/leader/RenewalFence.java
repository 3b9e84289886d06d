package dev.ghostline.matchmaker.leader;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A leader's own proof that it still holds the Lease, independent of the elector's callbacks. fabric8 reports
 * a lost Lease only after its release (two more API calls) has finished, which can be after another instance
 * acquired it. This fence closes {@code renewDeadline} after the start of the last successful acquire or renew,
 * by the local monotonic clock: before the Lease, written with a renew time no later than that start, can
 * expire anywhere. It reopens when a later renew succeeds.
 *
 * <p>It also records when the elector last tried to acquire or renew, for the watchdog and health.
 */
public final class RenewalFence {
    private final long deadlineNanos;
    private final LongSupplier nanoClock;
    private volatile boolean renewedEver;
    private volatile long lastRenewStartNanos;
    private volatile boolean attemptedEver;
    private volatile long lastAttemptNanos;

    /** @param nanoClock monotonic, as {@link System#nanoTime()} */
    public RenewalFence(Duration renewDeadline, LongSupplier nanoClock) {
        this.deadlineNanos = renewDeadline.toNanos();
        this.nanoClock = nanoClock;
    }

    public long now() {
        return nanoClock.getAsLong();
    }

    /** The elector is busy acquiring or renewing: a call on the Lease starts or ends. */
    public void attempting(long startNanos) {
        lastAttemptNanos = startNanos;
        attemptedEver = true;
    }

    /** A write that holds the Lease for a full lease duration succeeded; it started at {@code startNanos}. */
    public synchronized void renewed(long startNanos) {
        if (!renewedEver || startNanos - lastRenewStartNanos > 0) {
            lastRenewStartNanos = startNanos;
            renewedEver = true;
        }
    }

    /** Whether the last successful renew is recent enough that no other instance can hold the Lease yet. */
    public boolean isOpen() {
        return renewedEver && nanoClock.getAsLong() - lastRenewStartNanos < deadlineNanos;
    }

    /** Nanoseconds since the elector last started or finished a call on the Lease, or -1 if it never did. */
    public long nanosSinceLastAttempt() {
        return attemptedEver ? nanoClock.getAsLong() - lastAttemptNanos : -1;
    }
}
