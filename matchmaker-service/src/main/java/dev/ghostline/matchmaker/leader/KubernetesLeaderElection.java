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
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Competes for a Lease with fabric8's {@link LeaderElector} and reports the outcome to a {@link Leadership}.
 * Closing releases the Lease at once, so a standby takes over within about one retry period instead of a whole
 * lease duration.
 *
 * <p>A maintenance thread checks every {@link #CHECK_INTERVAL} that this instance may compete: while
 * {@code eligible} is false (in the matchmaker: its NATS connection has been down for an outage grace, see
 * {@link OutageGrace}, so it could not match anyway) it leaves the election, releasing the Lease if it holds it,
 * and rejoins once eligible again. Debouncing is {@code eligible}'s job: one false answer steps down. The same
 * thread is a watchdog: an elector that has neither led nor tried to acquire or renew for
 * {@link #watchdogLimit} has died silently (fabric8's loop ends quietly on failures other than API errors) and is
 * replaced; a leader gets another renew deadline.
 */
public final class KubernetesLeaderElection implements LeaderElection {
    private static final Logger LOG = Logger.getLogger(KubernetesLeaderElection.class);
    static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private final KubernetesClient client;
    private final LeaseSettings settings;
    private final Leadership leadership;
    private final RenewalFence fence;
    private final BooleanSupplier eligible;
    private final long watchdogNanos;
    private final long renewDeadlineNanos;
    private final ScheduledExecutorService maintenance;
    private CompletableFuture<?> running;
    /** When the current elector started, by the fence's clock: the watchdog's reference before any attempt. */
    private long runningSinceNanos;
    private boolean closed;
    private boolean stepped;

    public KubernetesLeaderElection(KubernetesClient client, LeaseSettings settings, Leadership leadership) {
        this(client, settings, leadership, new RenewalFence(settings.renewDeadline(), System::nanoTime), () -> true);
    }

    /**
     * @param fence    told of every acquire and renew; the matchmaker reads it to stop matching in time
     * @param eligible whether this instance may compete now, polled every {@link #CHECK_INTERVAL} (and at start)
     *                 from one thread at a time; false steps down at once
     */
    public KubernetesLeaderElection(KubernetesClient client, LeaseSettings settings, Leadership leadership,
                                    RenewalFence fence, BooleanSupplier eligible) {
        this.client = client;
        this.settings = settings;
        this.leadership = leadership;
        this.fence = fence;
        this.eligible = eligible;
        this.watchdogNanos = watchdogLimit(settings).toNanos();
        this.renewDeadlineNanos = settings.renewDeadline().toNanos();
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "matchmaker-election");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A standby tries every retry period jittered by up to 120%, a leader renews every retry period, and each
     * attempt's calls may take up to a call timeout each: three retry periods plus two call timeouts is never
     * reached by a live elector.
     */
    static Duration watchdogLimit(LeaseSettings settings) {
        Duration call = callTimeout(settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod());
        return settings.retryPeriod().multipliedBy(3).plus(call.multipliedBy(2));
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
    public void start() {
        if (eligible.getAsBoolean()) {
            startElector();
        } else {
            synchronized (this) {
                stepped = true; // joins once eligible, through the maintenance check
            }
        }
        long interval = CHECK_INTERVAL.toMillis();
        maintenance.scheduleWithFixedDelay(this::maintain, interval, interval, TimeUnit.MILLISECONDS);
    }

    private synchronized void startElector() {
        if (closed || stepped || running != null) {
            return;
        }
        LeaderElector elector = client.leaderElector().withConfig(electionConfig()).build();
        runningSinceNanos = fence.now();
        CompletableFuture<?> run = elector.start();
        running = run;
        run.whenComplete((ignored, failure) -> ended(run));
    }

    /** Steps down while not eligible, rejoins when eligible again, and replaces an elector that died. */
    void maintain() {
        try {
            boolean mayCompete = eligible.getAsBoolean();
            if (!mayCompete && !isStepped()) {
                LOG.warn("not eligible (NATS connection down past its grace): leaving the leader election");
                stopElector(true);
            } else if (mayCompete && isStepped()) {
                LOG.info("NATS connection back: rejoining the leader election");
                synchronized (this) {
                    stepped = false;
                }
                startElector();
            } else if (mayCompete && isSilent()) {
                LOG.warn("leader elector silent for too long: restarting it");
                stopElector(false);
                startElector();
            }
        } catch (RuntimeException e) {
            // A thrown exception would cancel the schedule for good; log the kind only.
            LOG.errorf("leader election maintenance failed: %s", e.getClass().getSimpleName());
        }
    }

    private synchronized boolean isStepped() {
        return stepped;
    }

    private boolean isSilent() {
        long since;
        synchronized (this) {
            if (closed || running == null) {
                return false;
            }
            since = runningSinceNanos;
        }
        long sinceStart = fence.now() - since;
        long sinceAttempt = fence.nanosSinceLastAttempt();
        long quiet = sinceAttempt >= 0 ? Math.min(sinceAttempt, sinceStart) : sinceStart;
        // A live leader gives up by itself within the renew deadline, so restarting one (which releases the
        // Lease) waits that much longer; by then its lease fence has long stopped it from matching.
        long limit = leadership.isLeader() ? watchdogNanos + renewDeadlineNanos : watchdogNanos;
        return quiet > limit;
    }

    /** Ends the current elector (releasing the Lease if held) without scheduling a new one; stops leading. */
    private void stopElector(boolean stepDown) {
        CompletableFuture<?> run;
        synchronized (this) {
            run = running;
            running = null;
            stepped = stepped || stepDown;
        }
        // Stop matching before the Lease is released (fabric8 releases first, then reports), and again after in
        // case the old elector acquired meanwhile.
        leadership.deposed();
        if (run != null) {
            run.cancel(true);
        }
        leadership.deposed();
    }

    /** Milliseconds since the elector last tried to acquire or renew: how alive the election is. */
    @Override
    public OptionalLong lastActivityAgeMillis() {
        long nanos = fence.nanosSinceLastAttempt();
        return nanos < 0 ? OptionalLong.empty() : OptionalLong.of(TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    /**
     * An elector runs once: it ends when its leader could not renew in time (or failed). Stop matching, and
     * after a retry period take part again with a new one.
     */
    private void ended(CompletableFuture<?> run) {
        synchronized (this) {
            if (running != run) {
                return; // replaced or stopped on purpose; whoever did it has deposed us
            }
            running = null;
        }
        leadership.deposed();
        CompletableFuture.delayedExecutor(settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                .execute(this::startElector);
    }

    @Override
    public void close() {
        CompletableFuture<?> run;
        synchronized (this) {
            closed = true;
            run = running;
            running = null;
        }
        maintenance.shutdownNow();
        if (run != null) {
            // Cancelling runs the elector's release in this thread: the Lease is free when this returns.
            run.cancel(true);
        }
        leadership.stop();
    }

    private LeaderElectionConfig electionConfig() {
        return new LeaderElectionConfigBuilder()
                .withName(settings.name())
                .withLock(new FencedLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()),
                        fence, settings.leaseDuration()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(leadership::elected, leadership::deposed, newLeader -> {
                }))
                .build();
    }
}
