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
        long start = writeStart();
        try {
            delegate.create(client, record);
        } finally {
            fence.attempting(fence.now());
        }
        wrote(record, start);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        long start = writeStart();
        try {
            delegate.update(client, record);
        } finally {
            fence.attempting(fence.now());
        }
        wrote(record, start);
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    private long writeStart() {
        long now = fence.now();
        long readStart = attemptStartNanos;
        return now - readStart >= 0 ? readStart : now;
    }

    private void wrote(LeaderElectionRecord record, long start) {
        if (delegate.identity().equals(record.getHolderIdentity())
                && leaseDuration.equals(record.getLeaseDuration())) {
            fence.renewed(start);
        }
    }
}
