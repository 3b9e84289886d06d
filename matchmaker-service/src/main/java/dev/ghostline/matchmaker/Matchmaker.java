package dev.ghostline.matchmaker;

import dev.ghostline.matchmaker.engine.MatchingEngine;
import dev.ghostline.matchmaker.engine.Outcome;
import dev.ghostline.matchmaker.engine.Pairing;
import dev.ghostline.matchmaker.leader.LeadershipListener;
import dev.ghostline.matchmaker.nats.MatchAnnouncer;
import dev.ghostline.matchmaker.nats.WaitEntries;
import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.moderation.ModerationStream;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The matchmaker itself, framework aside: while this instance leads, it feeds the engine from the bus and a
 * clock tick and tells the sessions what the engine decided.
 *
 * <p>Only the leader subscribes to waits and cancels, and it starts every term with an empty pool. A standby
 * could keep a pool warm from the pods' refreshes, but that pool would still hold sessions the old leader
 * matched in its last moments (their pods stop refreshing them only once told), and a match built from it
 * could pair a third session with someone already in a call. Starting empty costs one pod refresh interval at
 * takeover and can never announce such a match. For the same reason a new term ignores wait entries for its
 * first {@link #TAKEOVER_SETTLE} when instances compete: a refresh a pod sent just before it learnt of the old
 * leader's last match could still be in flight. Every instance, standby or not, listens for revocations, so
 * a new leader still refuses refreshes of sessions revoked before it took over: the moderation stream is not
 * replayed here.
 *
 * <p>The engine is not thread-safe: the NATS dispatcher, the tick and leadership changes take turns on it,
 * and announcements are published under the same lock, so once {@link #stopLeading()} returns this instance
 * announces nothing more.
 *
 * <p>A leader also obeys a lease fence: the elector's own report of a lost Lease can come after another
 * instance acquired it, so while the fence is closed (no successful renew for the renew deadline) this
 * instance drops its pool and neither matches nor announces, and it resumes with an empty pool if a later renew
 * succeeds while it still leads. No other instance can have led meanwhile: its Lease never expired.
 *
 * <p>A leader whose NATS connection is down keeps its Lease and its pool for a grace (a reconnect should not move
 * leadership), but skips its ticks meanwhile. No new message reaches it then, so the tick is what could still
 * decide (pair waiters that relaxed); jnats would hold those announcements in its reconnect buffer and send
 * them on reconnect, which may come after the grace, when a standby has taken over and may have matched the
 * same sessions otherwise. The engine catches up with the clock at the first operation after the outage.
 */
public final class Matchmaker implements LeadershipListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Matchmaker.class);
    /** Far longer than a message takes through NATS, far shorter than a pod's refresh interval. */
    static final Duration TAKEOVER_SETTLE = Duration.ofMillis(500);

    private final Connection connection;
    private final MatchAnnouncer announcer;
    private final MatchmakerMetrics metrics;
    private final Clock clock;
    private final Duration tickInterval;
    private final BusCodec codec = new BusCodec();
    /** How long a new term ignores wait entries: 0 for a static leader, which has no predecessor. */
    private final long settleMillis;
    /** Also the lock for {@link #leading} and {@link #acceptWaitsFromMillis}. */
    private final MatchingEngine engine;
    /** Open while this instance's hold on the Lease is recent enough to act on. */
    private final BooleanSupplier fence;
    private boolean leading;
    /** Leading but fenced: the pool was dropped and nothing is matched until the fence reopens. */
    private boolean fenced;
    /** Wait entries received before this time are ignored: they may predate the old leader's last matches. */
    private long acceptWaitsFromMillis;
    private volatile Dispatcher dispatcher;
    private ScheduledExecutorService ticker;

    public Matchmaker(Connection connection, MatchAnnouncer announcer, MatchmakerMetrics metrics,
                      MatchmakerConfig config, Clock clock) {
        this(connection, announcer, metrics, config, clock, () -> true);
    }

    /** @param fence open while this instance may act as leader; checked before every match and announcement */
    public Matchmaker(Connection connection, MatchAnnouncer announcer, MatchmakerMetrics metrics,
                      MatchmakerConfig config, Clock clock, BooleanSupplier fence) {
        this.fence = fence;
        this.settleMillis = config.leaderElection().mode() == MatchmakerConfig.ElectionMode.KUBERNETES
                ? TAKEOVER_SETTLE.toMillis() : 0;
        this.connection = connection;
        this.announcer = announcer;
        this.metrics = metrics;
        this.clock = clock;
        this.tickInterval = config.tickInterval();
        this.engine = new MatchingEngine(config.relaxAfter().toMillis(), config.entryTtl().toMillis(),
                config.revocations().capacity());
    }

    /** Listens for revocations and starts the tick; matching starts with leadership. */
    public void start() {
        dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.subscribe(ModerationStream.REVOKED);
        confirmSubscriptions();
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "matchmaker-tick");
            thread.setDaemon(true);
            return thread;
        });
        long interval = tickInterval.toMillis();
        ticker.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void startLeading() {
        synchronized (engine) {
            engine.dropAllWaiters();
            leading = true;
            fenced = false;
            acceptWaitsFromMillis = clock.millis() + settleMillis;
            metrics.waiting(0);
        }
        followWaits(true);
        metrics.leading(true);
        LOG.info("leading: matching from the pods' next refreshes");
    }

    @Override
    public void stopLeading() {
        synchronized (engine) {
            leading = false;
            engine.dropAllWaiters();
            metrics.waiting(0);
        }
        followWaits(false);
        metrics.leading(false);
        LOG.info("standing by: not matching");
    }

    private void followWaits(boolean follow) {
        Dispatcher current = dispatcher;
        if (current == null) {
            return; // closed
        }
        try {
            if (follow) {
                current.subscribe(Subjects.MATCHMAKER_WAIT);
                current.subscribe(Subjects.MATCHMAKER_CANCEL);
                confirmSubscriptions();
            } else {
                current.unsubscribe(Subjects.MATCHMAKER_WAIT);
                current.unsubscribe(Subjects.MATCHMAKER_CANCEL);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The connection or the dispatcher closed (shutting down), taking the subscriptions with it.
            LOG.warn("wait subscriptions unchanged: NATS connection closed");
        }
    }

    /** Whether this instance matches now: it leads and its lease fence is open. */
    public boolean isLeading() {
        synchronized (engine) {
            return mayMatch();
        }
    }

    /**
     * Whether this instance may match and announce now; call under the engine's lock. Closing the fence drops
     * the pool, as losing leadership does, so nothing decided before is announced after it reopens.
     */
    private boolean mayMatch() {
        if (!leading) {
            return false;
        }
        boolean open = fence.getAsBoolean();
        if (!open && !fenced) {
            fenced = true;
            engine.dropAllWaiters();
            metrics.waiting(0);
            LOG.warn("lease not renewed within the renew deadline: not matching");
        } else if (open && fenced) {
            fenced = false;
            LOG.info("lease renewed: matching again from the pods' next refreshes");
        }
        return open;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (dispatcher != null && connection.getStatus() != Connection.Status.CLOSED) {
            try {
                connection.closeDispatcher(dispatcher);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // The connection closed meanwhile, taking the dispatcher with it.
            }
        }
        dispatcher = null;
    }

    /** Waits until the server has our subscriptions, so nothing published after this is missed. */
    private void confirmSubscriptions() {
        try {
            connection.flush(Duration.ofSeconds(2));
        } catch (TimeoutException | IllegalStateException e) {
            // Not connected yet: jnats sends the subscriptions on (re)connect; readiness reports the outage.
            LOG.warn("NATS not reachable; subscriptions will be sent on connect");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onMessage(Message message) {
        BusMessage decoded;
        try {
            decoded = codec.decode(message.getData());
        } catch (IllegalArgumentException e) {
            metrics.badMessage();
            return;
        }
        try {
            if (decoded instanceof BusMessage.WaitBatch batch) {
                offerAll(batch);
            } else if (decoded instanceof BusMessage.CancelBatch batch) {
                cancelAll(batch);
            } else if (decoded instanceof BusMessage.SessionRevoked revoked
                    && ModerationStream.REVOKED.equals(message.getSubject())) {
                revoke(revoked);
            } else {
                metrics.badMessage();
            }
        } catch (RuntimeException e) {
            metrics.badMessage();
            LOG.errorf("matchmaker message failed: %s", e.getClass().getSimpleName());
        }
    }

    private void offerAll(BusMessage.WaitBatch batch) {
        List<Outcome> outcomes = new ArrayList<>();
        synchronized (engine) {
            if (!leading) {
                return; // queued before we stopped leading
            }
            if (!mayMatch()) {
                metrics.fencedBatch();
                return;
            }
            long now = clock.millis();
            if (now < acceptWaitsFromMillis) {
                return; // possibly older than the last term's matches
            }
            for (BusMessage.WaitEntry entry : batch.entries()) {
                WaitEntries.toCandidate(batch.pod(), entry).ifPresentOrElse(
                        candidate -> outcomes.addAll(engine.offer(candidate, now)),
                        metrics::badMessage);
            }
            metrics.waiting(engine.waitingCount());
            announcer.announce(outcomes);
        }
    }

    private void cancelAll(BusMessage.CancelBatch batch) {
        if (batch.entries() == null) {
            metrics.badMessage();
            return;
        }
        synchronized (engine) {
            if (!leading) {
                return;
            }
            for (BusMessage.CancelEntry entry : batch.entries()) {
                if (WaitEntries.isWellFormed(entry)) {
                    engine.cancel(entry.session(), entry.joinSeq());
                } else {
                    metrics.badMessage();
                }
            }
            metrics.waiting(engine.waitingCount());
        }
    }

    /** Leader or not: a standby remembers the revocation for when it leads. */
    private void revoke(BusMessage.SessionRevoked revoked) {
        if (!Ids.isValid(revoked.session())) {
            metrics.badMessage();
            return;
        }
        synchronized (engine) {
            boolean announce = mayMatch();
            List<Pairing> relaxed = engine.revoke(revoked.session(), clock.millis());
            if (announce) {
                metrics.waiting(engine.waitingCount());
                announcer.announce(relaxed);
            }
        }
        metrics.revoked();
    }

    private void tick() {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            return; // see the class comment: what it decided now could be sent after a standby took over
        }
        try {
            synchronized (engine) {
                if (!mayMatch()) {
                    return;
                }
                List<Pairing> relaxed = engine.tick(clock.millis());
                metrics.waiting(engine.waitingCount());
                announcer.announce(relaxed);
            }
        } catch (RuntimeException e) {
            // A thrown exception would cancel the schedule for good; log the kind only (no ids, no bodies).
            LOG.errorf("matchmaker tick failed: %s", e.getClass().getSimpleName());
        }
    }
}
