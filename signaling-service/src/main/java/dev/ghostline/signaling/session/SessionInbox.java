package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.signaling.bus.Bus;
import dev.ghostline.signaling.bus.BusListener;
import dev.ghostline.signaling.bus.PodIdentity;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What the bus brings for this pod's sessions, handed to the step it stands for: a relay, a match, the
 * partner leaving or moving, a refused join, another pod claiming the session, or a lookup of a match by a
 * partner that lost its pod. Runs on the bus's dispatcher thread.
 */
@ApplicationScoped
public class SessionInbox implements BusListener {
    private final SessionRegistry registry;
    private final Matching matching;
    private final SessionLifecycle lifecycle;
    private final Relay relay;
    private final Bus bus;
    private final PodIdentity pod;

    SessionInbox(SessionRegistry registry, Matching matching, SessionLifecycle lifecycle, Relay relay, Bus bus,
                 PodIdentity pod) {
        this.registry = registry;
        this.matching = matching;
        this.lifecycle = lifecycle;
        this.relay = relay;
        this.bus = bus;
        this.pod = pod;
    }

    void open(@Observes StartupEvent event) {
        bus.open(this);
    }

    @Override
    public void onSessionMessage(String sessionId, BusMessage message, String replyTo) {
        Session session = registry.find(sessionId).orElse(null);
        if (session == null) {
            return;
        }
        if (message instanceof BusMessage.Relay signal) {
            relay.arrived(session, signal.from(),
                    new BusMessage.SignalFrame(signal.seq(), signal.clientSeq(), signal.frame()));
        } else if (message instanceof BusMessage.Replay replay && replyTo != null) {
            relay.serveReplay(session, replay, replyTo);
        } else if (message instanceof BusMessage.Matched matched) {
            matching.matched(session, matched);
        } else if (message instanceof BusMessage.PeerLeft left) {
            matching.partnerLeft(session, left.from(), left.matchId(), left.reason());
        } else if (message instanceof BusMessage.PeerMoved moved) {
            matching.partnerMoved(session, moved);
        } else if (message instanceof BusMessage.JoinRejected rejected) {
            matching.joinRejected(session, rejected);
        } else if (message instanceof BusMessage.Claim && replyTo != null) {
            lifecycle.handOver(session, replyTo);
        }
    }

    /** The partner of {@code localSessionId} lost its pod and asks, from a new one, for the match. */
    @Override
    public void onLocate(String localSessionId, String asking, String replyTo) {
        registry.find(localSessionId).ifPresent(local -> {
            BusMessage.Located located;
            synchronized (local) {
                BusMessage.MatchView mine = local.match();
                SignalLedger signals = local.signals();
                if (mine == null || !mine.partner().equals(asking) || signals == null) {
                    return;
                }
                located = new BusMessage.Located(new BusMessage.MatchView(mine.matchId(), local.id(), pod.id(),
                        mine.role().other(), mine.commonInterests(), mine.ticket(), local.network()),
                        signals.receivedSeq(), signals.receivedClientSeq());
            }
            bus.reply(replyTo, located);
        });
    }
}
