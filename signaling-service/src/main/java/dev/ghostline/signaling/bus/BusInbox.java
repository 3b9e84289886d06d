package dev.ghostline.signaling.bus;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.signaling.SignalingMetrics;
import dev.ghostline.signaling.session.ClientConnection;
import dev.ghostline.signaling.session.Replies;
import dev.ghostline.signaling.session.Session;
import dev.ghostline.signaling.session.SessionLifecycle;
import dev.ghostline.signaling.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** What messages from the bus do to this pod's sessions. Runs on the NATS dispatcher thread. */
@ApplicationScoped
public class BusInbox {
    private final SessionRegistry registry;
    private final SessionLifecycle lifecycle;
    private final Bus bus;
    private final PodIdentity pod;
    private final PodLiveness liveness;
    private final Replies replies;
    private final SignalingMetrics metrics;
    private final Clock clock;

    BusInbox(SessionRegistry registry, SessionLifecycle lifecycle, Bus bus, PodIdentity pod, PodLiveness liveness,
             Replies replies, SignalingMetrics metrics, Clock clock) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.bus = bus;
        this.pod = pod;
        this.liveness = liveness;
        this.replies = replies;
        this.metrics = metrics;
        this.clock = clock;
    }

    void onSessionMessage(String sessionId, BusMessage message, String replyTo) {
        Session session = registry.find(sessionId).orElse(null);
        if (session == null) {
            return;
        }
        if (message instanceof BusMessage.Relay relay) {
            if (session.isCurrentMatch(relay.from(), null)) {
                session.deliver(relay.frame());
                metrics.signalDelivered();
            }
        } else if (message instanceof BusMessage.Matched matched) {
            onMatched(session, matched);
        } else if (message instanceof BusMessage.PeerLeft left) {
            lifecycle.partnerLeft(session, left.from(), left.matchId(), left.reason());
        } else if (message instanceof BusMessage.PeerMoved moved) {
            if (session.partnerMoved(moved.from(), moved.matchId(), moved.pod())) {
                liveness.named(moved.pod(), clock.millis());
            }
        } else if (message instanceof BusMessage.JoinRejected rejected) {
            onJoinRejected(session, rejected);
        } else if (message instanceof BusMessage.Claim && replyTo != null) {
            handOver(session, replyTo);
        }
    }

    private void onMatched(Session session, BusMessage.Matched matched) {
        BusMessage.MatchView view = matched.match();
        synchronized (session) {
            if (session.acceptMatch(matched.joinSeq(), view)) {
                bus.watchPartner(session.id(), view.partner());
                liveness.named(view.partnerPod(), clock.millis());
                session.deliver(replies.encode(SessionLifecycle.matched(view)));
                lifecycle.matchArrived(session, view);
                return;
            }
            if (session.isCurrentMatch(view.partner(), view.matchId())) {
                return; // a duplicate of the match already running
            }
        }
        // The session left or rejoined while the matchmaker paired it: free the partner at once.
        bus.publish(Subjects.session(view.partner()),
                new BusMessage.PeerLeft(session.id(), view.matchId(), PeerLeftReason.LEFT));
    }

    private void onJoinRejected(Session session, BusMessage.JoinRejected rejected) {
        synchronized (session) {
            if (session.state() == Session.State.WAITING && session.joinSeq() == rejected.joinSeq()) {
                session.stopWaiting();
                metrics.error(rejected.code());
                session.deliver(replies.encode(new ServerMessage.Error(rejected.code(), "the room already holds two people")));
            }
        }
    }

    /** Another pod resumes this session: give it everything and let go. */
    private void handOver(Session session, String replyTo) {
        ClientConnection attached;
        BusMessage.Handover handover;
        synchronized (session) {
            handover = new BusMessage.Handover(session.snapshot());
            attached = session.connection();
            lifecycle.forget(session);
            if (session.match() != null) {
                bus.unwatchPartner(session.match().partner());
            }
        }
        bus.reply(replyTo, handover);
        if (attached != null) {
            replies.close(attached, CloseCode.SESSION_TAKEN_OVER);
        }
    }

    /** The partner of {@code localSessionId} lost its pod and asks, from a new one, for the match. */
    void onLocate(String localSessionId, String asking, String replyTo) {
        registry.find(localSessionId).ifPresent(local -> {
            BusMessage.MatchView mine = local.match();
            if (mine != null && mine.partner().equals(asking)) {
                bus.reply(replyTo, new BusMessage.Located(new BusMessage.MatchView(mine.matchId(), local.id(),
                        pod.id(), mine.role().other(), mine.commonInterests(), mine.ticket(), local.network())));
            }
        });
    }
}
