package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.bus.Bus;
import dev.ghostline.signaling.bus.PodIdentity;
import dev.ghostline.signaling.bus.PodLiveness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Brings a session back on this pod after its client reconnected: from this pod's memory, from the pod that
 * still holds it (claim), or from the partner's pod when the old pod is gone (locate).
 */
@ApplicationScoped
public class Resumer {
    private static final Logger LOG = Logger.getLogger(Resumer.class);

    private final SessionRegistry registry;
    private final SessionLifecycle lifecycle;
    private final Bus bus;
    private final PodIdentity pod;
    private final PodLiveness liveness;
    private final Replies replies;
    private final Clock clock;
    private final Duration requestTimeout;
    private final ModerationGate moderation;

    Resumer(SessionRegistry registry, SessionLifecycle lifecycle, Bus bus, PodIdentity pod, PodLiveness liveness,
            Replies replies, Clock clock, ModerationGate moderation, SignalingConfig config) {
        this.moderation = moderation;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.bus = bus;
        this.pod = pod;
        this.liveness = liveness;
        this.replies = replies;
        this.clock = clock;
        this.requestTimeout = config.resumeRequestTimeout();
    }

    /** {@code lastSeq}: the last signal the client has, or {@link dev.ghostline.protocol.wire.ClientMessage#NO_SEQ}. */
    public void resume(ClientConnection connection, String sessionId, String token, long lastSeq) {
        Optional<Session> local = registry.find(sessionId);
        if (local.isPresent()) {
            moderation.stopWaitIfBlocked(local.get(), connection);
            lifecycle.adopt(connection, local.get(), token, true, lastSeq);
            return;
        }
        claim(sessionId)
                .thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found) : locate(sessionId))
                .whenComplete((found, failure) -> {
                    try {
                        if (failure != null) {
                            throw failure;
                        } else if (!moderation.admitsResume(sessionId)) {
                            // Revoked while the claim was in flight: the pod that held it ended it.
                            replies.refuseToken(connection);
                        } else if (found.isPresent()) {
                            Session session = install(found.get(), connection);
                            moderation.stopWaitIfBlocked(session, connection);
                            lifecycle.adopt(connection, session, token, true, lastSeq);
                        } else if (moderation.admitsNewSession(connection)) {
                            lifecycle.startFresh(connection);
                        } else {
                            replies.refuseAddress(connection);
                        }
                    } catch (Throwable e) {
                        LOG.warnf("resume failed: %s", e.getClass().getSimpleName());
                        replies.error(connection, ErrorReply.RESUME_FAILED);
                        replies.close(connection, CloseCode.GOING_AWAY);
                    }
                });
    }

    /** Asks the pod that holds the session to hand it over. */
    private CompletableFuture<Optional<Session>> claim(String sessionId) {
        return bus.request(Subjects.session(sessionId), new BusMessage.Claim(pod.id()), requestTimeout)
                .thenApply(reply -> reply
                        .filter(BusMessage.Handover.class::isInstance)
                        .map(handover -> Session.restore(((BusMessage.Handover) handover).snapshot(),
                                lifecycle.recentLimit(), lifecycle.pendingLimit(), lifecycle.keepSignalsMillis(),
                                clock.millis())));
    }

    /** Asks the partner's pod for the match, when no pod holds the session any more. */
    private CompletableFuture<Optional<Session>> locate(String sessionId) {
        return bus.request(Subjects.partnerOf(sessionId), new BusMessage.Locate(sessionId), requestTimeout)
                .thenApply(reply -> reply
                        .filter(BusMessage.Located.class::isInstance)
                        .map(BusMessage.Located.class::cast)
                        .map(located -> Session.located(sessionId, located.match(), located.lastReceivedSeq(),
                                located.lastReceivedClientSeq(), lifecycle.recentLimit(), lifecycle.pendingLimit(),
                                lifecycle.keepSignalsMillis(), clock.millis())));
    }

    /**
     * Makes this pod the session's home: its subject and its partner's lookups. The matchmaker hears from this
     * pod once the client is attached ({@link SessionLifecycle#adopt}).
     */
    private Session install(Session restored, ClientConnection connection) {
        Session session = registry.addIfAbsent(restored);
        if (session != restored) {
            return session;
        }
        lifecycle.countResumed(session, connection);
        bus.subscribeSession(session.id());
        BusMessage.MatchView match = session.match();
        if (match != null) {
            bus.watchPartner(session.id(), match.partner());
            liveness.named(match.partnerPod(), clock.millis());
            bus.publish(Subjects.session(match.partner()),
                    new BusMessage.PeerMoved(session.id(), match.matchId(), pod.id()));
        }
        return session;
    }
}
