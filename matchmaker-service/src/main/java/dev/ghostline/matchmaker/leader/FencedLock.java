package dev.ghostline.matchmaker.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;

/**
 * A {@link Lock} that tells a {@link RenewalFence} what the elector does with the Lease. fabric8 stamps the
 * renew time just before it reads the Lease, so a successful write counts as a renew from the start of the read
 * that preceded it: the fence then never outlives the renew time the Lease carries. A write that shortens the
 * lease (fabric8's release cuts it to one second) or names another holder is no renew.
 */
final class FencedLock implements Lock {
    private final Lock delegate;
    private final RenewalFence fence;
    private final Duration leaseDuration;
    /** Start of the read that began the current attempt; written and read on the elector's thread. */
    private volatile long attemptStartNanos;

    FencedLock(Lock delegate, RenewalFence fence, Duration leaseDuration) {
        this.delegate = delegate;
        this.fence = fence;
        this.leaseDuration = leaseDuration;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        long start = fence.now();
        attemptStartNanos = start;
        fence.attempting(start);
        try {
            return delegate.get(client);
        } finally {
            fence.attempting(fence.now()); // a slow call that returns is a live elector, not a dead one
        }
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        write(record, () -> delegate.create(client, record));
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        write(record, () -> delegate.update(client, record));
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /**
     * Runs a write of {@code record} (a create or an update). Its end is an attempt, failed or not; if it
     * succeeds and holds the Lease for this instance a full lease duration, it is a renew that started with the
     * read before it (or now, if no read came before).
     */
    private void write(LeaderElectionRecord record, Runnable call) {
        long now = fence.now();
        long readStart = attemptStartNanos;
        long start = now - readStart >= 0 ? readStart : now;
        try {
            call.run();
        } finally {
            fence.attempting(fence.now());
        }
        if (delegate.identity().equals(record.getHolderIdentity())
                && leaseDuration.equals(record.getLeaseDuration())) {
            fence.renewed(start);
        }
    }
}
