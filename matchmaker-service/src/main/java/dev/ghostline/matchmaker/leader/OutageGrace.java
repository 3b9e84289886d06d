package dev.ghostline.matchmaker.leader;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether this instance may take part in the election, decided from samples of a connection (its NATS
 * connection): it may from the first sample that finds the connection up, and it must leave only once the
 * connection has been down at every sample for {@code grace}, counted from the first sample that found it
 * down. One sample that finds it up ends the outage. So a blip (a reconnect, a NATS server restarting or moving
 * its clients away in lame duck mode) leaves the Lease where it is, while a leader cut off for longer hands
 * over to a standby that can still match. An instance that was never connected may not take part.
 *
 * <p>Between samples the connection is not watched: a short recovery that no sample saw does not end an outage.
 */
public final class OutageGrace {
    private final long graceNanos;
    private final BooleanSupplier up;
    private final LongSupplier nanoClock;
    private boolean mayCompete;
    private boolean down;
    private long downSinceNanos;

    /**
     * @param grace     how long the connection must stay down before this instance leaves; zero leaves at the
     *                  first sample that finds it down
     * @param up        whether the connection is up now
     * @param nanoClock monotonic, as {@link System#nanoTime()}
     */
    public OutageGrace(Duration grace, BooleanSupplier up, LongSupplier nanoClock) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        this.graceNanos = grace.toNanos();
        this.up = up;
        this.nanoClock = nanoClock;
    }

    /** Samples the connection: whether this instance may compete for (or keep) the Lease now. */
    public synchronized boolean mayCompete() {
        if (up.getAsBoolean()) {
            down = false;
            mayCompete = true;
            return true;
        }
        if (!mayCompete) {
            return false; // never connected, or already out: rejoin only once connected
        }
        long now = nanoClock.getAsLong();
        if (!down) {
            down = true;
            downSinceNanos = now;
        }
        if (now - downSinceNanos >= graceNanos) {
            mayCompete = false;
            down = false;
        }
        return mayCompete;
    }
}
