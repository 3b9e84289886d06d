package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.bus.Bus;
import dev.ghostline.signaling.bus.PodIdentity;
import dev.ghostline.signaling.bus.PodLiveness;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The pod's clockwork: heartbeats, soft-state refresh of waiting sessions, and the sweep that enforces
 * deadlines (hello, idle, resume window, silent partner pods).
 */
@ApplicationScoped
public class Maintenance {
    private static final Logger LOG = Logger.getLogger(Maintenance.class);
    private static final long SWEEP_MILLIS = 250;
    /** Wait entries per NATS message, well under the 1 MiB payload limit. */
    private static final int WAIT_BATCH = 200;

    private final SessionRegistry registry;
    private final SessionLifecycle lifecycle;
    private final Matching matching;
    private final Bus bus;
    private final PodIdentity pod;
    private final PodLiveness liveness;
    private final Replies replies;
    private final SignalingConfig config;
    private final Clock clock;
    private ScheduledExecutorService timer;

    Maintenance(SessionRegistry registry, SessionLifecycle lifecycle, Matching matching, Bus bus, PodIdentity pod,
                PodLiveness liveness, Replies replies, SignalingConfig config, Clock clock) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.matching = matching;
        this.bus = bus;
        this.pod = pod;
        this.liveness = liveness;
        this.replies = replies;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ghostline-maintenance"));
        every(config.heartbeatInterval().toMillis(), this::heartbeat);
        every(config.refreshInterval().toMillis(), this::refreshWaiting);
        every(SWEEP_MILLIS, this::sweep);
    }

    /** Runs after {@link PodDrain} has finished: heartbeats must go on while clients move to other pods. */
    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void every(long millis, Runnable task) {
        timer.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf("maintenance task failed: %s", e.getClass().getSimpleName());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    void heartbeat() {
        bus.publish(Subjects.POD_HEARTBEAT, new BusMessage.Heartbeat(pod.id()));
        liveness.forgetOlderThan(clock.millis() - 10 * config.resumeWindow().toMillis());
    }

    /**
     * Re-announces every wait and room seat the matchmaker should hold ({@link Session#waitEntry}): not the
     * random waits of clients that dropped, which were cancelled at the drop and come back with a resume.
     */
    void refreshWaiting() {
        List<BusMessage.WaitEntry> batch = new ArrayList<>();
        for (Session session : registry.sessions()) {
            BusMessage.WaitEntry entry = session.waitEntry();
            if (entry != null) {
                batch.add(entry);
            }
            if (batch.size() == WAIT_BATCH) {
                bus.publish(Subjects.MATCHMAKER_WAIT, new BusMessage.WaitBatch(pod.id(), batch));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            bus.publish(Subjects.MATCHMAKER_WAIT, new BusMessage.WaitBatch(pod.id(), batch));
        }
    }

    void sweep() {
        long nanos = System.nanoTime();
        for (ClientConnection connection : registry.connections()) {
            if (nanos - connection.openedAtNanos() > welcomeDeadlineNanos(connection.phase())) {
                replies.close(connection, CloseCode.HELLO_TIMEOUT);
            } else if (nanos - connection.lastActivityNanos() > config.idleTimeout().toNanos()) {
                replies.close(connection, CloseCode.IDLE_TIMEOUT);
            }
        }
        long now = clock.millis();
        long window = config.resumeWindow().toMillis();
        for (Session session : registry.sessions()) {
            if (session.detachedAtMillis() >= 0) {
                lifecycle.expireIfAbandoned(session, now, window);
            } else if (session.state() == Session.State.MATCHED) {
                watchPartnerPod(session, now, window);
            }
        }
    }

    /** The hello deadline; a resume also gets the time it may spend asking other pods (claim, then locate). */
    private long welcomeDeadlineNanos(ClientConnection.Phase phase) {
        return switch (phase) {
            case AWAITING_HELLO -> config.helloTimeout().toNanos();
            case RESUMING -> config.helloTimeout().plus(config.resumeRequestTimeout().multipliedBy(2)).toNanos();
            default -> Long.MAX_VALUE;
        };
    }

    /** A partner whose pod fell silent gets the resume window to reappear elsewhere. */
    private void watchPartnerPod(Session session, long now, long window) {
        BusMessage.MatchView match = session.match();
        if (match == null || match.partnerPod().equals(pod.id())) {
            return;
        }
        if (!liveness.isSilent(match.partnerPod(), now, config.podDeadAfter().toMillis())) {
            session.partnerLostAt(-1);
        } else if (session.partnerLostAtMillis() < 0) {
            session.partnerLostAt(now);
        } else if (now - session.partnerLostAtMillis() > window) {
            matching.partnerLeft(session, match.partner(), match.matchId(), PeerLeftReason.TIMEOUT);
        }
    }
}
