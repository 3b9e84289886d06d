package dev.ghostline.matchmaker.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lease fence and the lock that feeds it, on a clock the test moves by hand. */
class RenewalFenceTest {
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RenewalFence fence = new RenewalFence(DEADLINE, nanos::get);
    private final StubLock lease = new StubLock();
    private final FencedLock lock = new FencedLock(lease, fence, LEASE);

    /** Stands in for the Lease: each call takes {@link #callNanos} of the test clock, a write may fail. */
    private final class StubLock implements Lock {
        long callNanos;
        boolean failWrites;

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            nanos.addAndGet(callNanos);
            return null;
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            write();
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            write();
        }

        private void write() {
            nanos.addAndGet(callNanos);
            if (failWrites) {
                throw new KubernetesClientException("conflict");
            }
        }

        @Override
        public String identity() {
            return "mm-a";
        }

        @Override
        public String describe() {
            return "stub";
        }
    }

    @Test
    void closedUntilTheFirstSuccessfulAcquire() {
        assertThat(fence.isOpen()).isFalse();
        assertThat(fence.nanosSinceLastAttempt()).isEqualTo(-1);

        lock.get(null);
        lease.failWrites = true;
        assertThatThrownBy(() -> lock.create(null, record("mm-a", LEASE))).isInstanceOf(KubernetesClientException.class);

        assertThat(fence.isOpen()).as("a failed acquire proves nothing").isFalse();
        assertThat(fence.nanosSinceLastAttempt()).as("but it was an attempt").isGreaterThanOrEqualTo(0);
    }

    @Test
    void closesARenewDeadlineAfterTheStartOfTheLastSuccessfulRenewNotItsEnd() {
        lease.callNanos = Duration.ofMillis(1250).toNanos();
        long start = nanos.get();
        lock.get(null);
        lock.update(null, record("mm-a", LEASE));

        nanos.set(start + DEADLINE.toNanos() - 1);
        assertThat(fence.isOpen()).isTrue();
        nanos.set(start + DEADLINE.toNanos());
        assertThat(fence.isOpen()).as("counted from the read that began the renew").isFalse();
    }

    @Test
    void failedRenewsLetItCloseAndALaterSuccessReopensIt() {
        lock.get(null);
        lock.create(null, record("mm-a", LEASE));
        lease.failWrites = true;
        for (int attempt = 0; attempt < 6; attempt++) {
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            lock.get(null);
            assertThatThrownBy(() -> lock.update(null, record("mm-a", LEASE)))
                    .isInstanceOf(KubernetesClientException.class);
        }
        assertThat(fence.isOpen()).isFalse();
        assertThat(fence.nanosSinceLastAttempt()).isZero();

        lease.failWrites = false;
        lock.get(null);
        lock.update(null, record("mm-a", LEASE));
        assertThat(fence.isOpen()).isTrue();
    }

    @Test
    void aReleaseOrAWriteForAnotherHolderIsNoRenew() {
        lock.get(null);
        lock.update(null, record("mm-a", Duration.ofSeconds(1)));
        lock.get(null);
        lock.update(null, record("mm-b", LEASE));

        assertThat(fence.isOpen()).isFalse();
    }

    private static LeaderElectionRecord record(String holder, Duration leaseDuration) {
        ZonedDateTime now = ZonedDateTime.now();
        return new LeaderElectionRecord(holder, leaseDuration, now, now, 0);
    }
}
