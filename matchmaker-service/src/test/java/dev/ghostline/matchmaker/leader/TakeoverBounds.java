package dev.ghostline.matchmaker.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * How soon a standby must lead, derived from the election's settings and fabric8's behaviour (7.8.0), not from
 * how fast a machine is. A standby polls the Lease every retry period plus up to 120% of it; it may take the
 * Lease once {@code renewTime + leaseDuration} has passed. These are correctness bounds: a standby that misses
 * one is not slow, it missed an expiry or a release.
 */
public final class TakeoverBounds {
    /** fabric8's {@code LeaderElector.JITTER_FACTOR}: a retry waits the period plus up to this much of it. */
    static final double MAX_JITTER = 1.2;
    /**
     * Room for the API calls of one attempt and for thread scheduling on a busy two-core machine. It is not part
     * of what the election promises; it keeps the bound about the election instead of the machine.
     */
    public static final Duration MARGIN = Duration.ofSeconds(2);
    /** fabric8 releases by writing a one-second lease stamped with the time of the release. */
    static final Duration RELEASED_LEASE = Duration.ofSeconds(1);

    private TakeoverBounds() {
    }

    /** The longest gap between two attempts of a standby. */
    public static Duration jitteredRetry(Duration retryPeriod) {
        return Duration.ofMillis((long) Math.ceil(retryPeriod.toMillis() * (1 + MAX_JITTER)));
    }

    /**
     * After a leader dies: its last renew was no later than its death, so the Lease has expired one lease
     * duration after it, and the standby's next attempt comes at most one jittered retry later.
     */
    public static Duration afterCrash(Duration leaseDuration, Duration retryPeriod) {
        return leaseDuration.plus(jitteredRetry(retryPeriod)).plus(MARGIN);
    }

    /**
     * After a graceful stop: the released Lease expires one second after the release, and the standby's first
     * attempt after that comes at most one jittered retry later. The lease duration plays no part.
     */
    public static Duration afterRelease(Duration retryPeriod) {
        return RELEASED_LEASE.plus(jitteredRetry(retryPeriod)).plus(MARGIN);
    }

    /**
     * Waits for {@code condition} and fails unless it held within {@code bound} of {@code sinceNanos}
     * ({@link System#nanoTime()} taken just before the leader died or stopped). Returns how long it took.
     */
    public static Duration awaitWithin(Duration bound, long sinceNanos, String what, Callable<Boolean> condition) {
        await().atMost(bound).until(condition);
        Duration took = Duration.ofNanos(System.nanoTime() - sinceNanos);
        assertThat(took).as("%s within %s", what, bound).isLessThanOrEqualTo(bound);
        return took;
    }
}
