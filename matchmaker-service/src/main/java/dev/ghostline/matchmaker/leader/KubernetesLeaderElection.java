package dev.ghostline.matchmaker.leader;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Competes for a Lease with fabric8's {@link LeaderElector} and reports the outcome to a {@link Leadership}.
 * Closing releases the Lease at once, so a standby takes over within about one retry period instead of a whole
 * lease duration.
 */
public final class KubernetesLeaderElection implements LeaderElection {
    private final KubernetesClient client;
    private final LeaseSettings settings;
    private final Leadership leadership;
    private CompletableFuture<?> running;
    private boolean closed;

    public KubernetesLeaderElection(KubernetesClient client, LeaseSettings settings, Leadership leadership) {
        this.client = client;
        this.settings = settings;
        this.leadership = leadership;
    }

    /**
     * A client configured the usual way (in a pod: its service account), made safe for the elector. The elector
     * checks its renew deadline only between API calls, so a hanging or silently retried call would keep a
     * leader matching past the deadline, even past the Lease's expiry when a standby may already lead. Calls
     * therefore are never retried by the client and time out after {@link #callTimeout}.
     */
    public static KubernetesClient clientFor(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        Config config = Config.autoConfigure(null);
        int timeoutMillis = (int) Math.max(1, callTimeout(leaseDuration, renewDeadline, retryPeriod).toMillis());
        config.setRequestTimeout(timeoutMillis);
        config.setConnectionTimeout(timeoutMillis);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * A renewal is a read and a write. The last one that succeeds may have taken two calls before the deadline
     * is set, the last attempt two more after it: four calls must fit in the lease's margin over the deadline.
     */
    static Duration callTimeout(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        Duration margin = leaseDuration.minus(renewDeadline).dividedBy(4);
        return margin.compareTo(retryPeriod) < 0 ? margin : retryPeriod;
    }

    @Override
    public synchronized void start() {
        if (closed) {
            return;
        }
        LeaderElector elector = client.leaderElector().withConfig(electionConfig()).build();
        CompletableFuture<?> run = elector.start();
        running = run;
        run.whenComplete((ignored, failure) -> ended(run));
    }

    /**
     * An elector runs once: it ends when its leader could not renew in time (or failed). Stop matching, and
     * after a retry period take part again with a new one.
     */
    private void ended(CompletableFuture<?> run) {
        leadership.deposed();
        synchronized (this) {
            if (closed || running != run) {
                return;
            }
        }
        CompletableFuture.delayedExecutor(settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                .execute(this::start);
    }

    @Override
    public void close() {
        CompletableFuture<?> run;
        synchronized (this) {
            closed = true;
            run = running;
        }
        if (run != null) {
            // Cancelling runs the elector's release in this thread: the Lease is free when this returns.
            run.cancel(true);
        }
        leadership.stop();
    }

    private LeaderElectionConfig electionConfig() {
        return new LeaderElectionConfigBuilder()
                .withName(settings.name())
                .withLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(leadership::elected, leadership::deposed, newLeader -> {
                }))
                .build();
    }
}
