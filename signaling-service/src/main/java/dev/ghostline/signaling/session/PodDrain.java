package dev.ghostline.signaling.session;

import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.signaling.SignalingConfig;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Scale-down without dropped calls. On SIGTERM the pod turns unready, refuses new hellos, tells every client to
 * reconnect after a random delay within {@code drain-spread} (so they do not all land on one pod at once), and
 * waits until the sessions it served (attached, or dropped just before) have been claimed by other pods, or
 * {@code drain-timeout} passes. Media
 * never stopped meanwhile: it is peer to peer. It runs in Quarkus's pre-shutdown phase
 * ({@code quarkus.shutdown.delay-enabled}), while the WebSocket server, the bus and the heartbeats still work;
 * by the time {@code ShutdownEvent} fires, WebSockets Next has already closed every connection.
 */
@ApplicationScoped
public class PodDrain {
    private static final Logger LOG = Logger.getLogger(PodDrain.class);
    private static final long POLL_MILLIS = 100;
    private static final Duration RECENT_DROP = Duration.ofSeconds(10);

    private final SessionRegistry registry;
    private final Replies replies;
    private final Duration spread;
    private final Duration timeout;
    private final Clock clock;
    private volatile boolean draining;

    PodDrain(SessionRegistry registry, Replies replies, Clock clock, SignalingConfig config) {
        this.registry = registry;
        this.replies = replies;
        this.clock = clock;
        this.spread = config.drainSpread();
        this.timeout = config.drainTimeout();
    }

    /** True from SIGTERM on: readiness is down and new clients are sent elsewhere. */
    public boolean draining() {
        return draining;
    }

    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        long startedMillis = clock.millis();
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Session> awaited = new HashSet<>();
        while (true) {
            // Connections that finished a resume here during the drain are sent on too.
            for (ClientConnection connection : registry.connections()) {
                if (connection.phase() != ClientConnection.Phase.CLOSED) {
                    sendElsewhere(connection);
                }
            }
            awaited.addAll(expectedElsewhere(startedMillis));
            if (stillHere(awaited) == 0 || System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        LOG.infof("drained: %d of %d sessions moved to other pods", awaited.size() - stillHere(awaited),
                awaited.size());
    }

    /**
     * Sessions whose clients should reappear on other pods: attached ones, and ones that dropped shortly
     * before the drain (their client may be reconnecting). Sessions detached long before belong to clients
     * that may never come back; waiting for them would only hold up the exit.
     */
    private List<Session> expectedElsewhere(long startedMillis) {
        long recent = startedMillis - RECENT_DROP.toMillis();
        return registry.sessions().stream()
                .filter(s -> s.connection() != null || s.detachedAtMillis() >= recent)
                .toList();
    }

    /** Tells one client to go to another pod; used for every open connection, and for hellos during the drain. */
    public void sendElsewhere(ClientConnection connection) {
        long afterMs = spread.isZero() ? 0 : ThreadLocalRandom.current().nextLong(spread.toMillis() + 1);
        replies.send(connection, new ServerMessage.Reconnect(afterMs));
        replies.close(connection, CloseCode.GOING_AWAY);
    }

    private long stillHere(Collection<Session> sessions) {
        return sessions.stream().filter(s -> registry.find(s.id()).filter(held -> held == s).isPresent()).count();
    }
}
