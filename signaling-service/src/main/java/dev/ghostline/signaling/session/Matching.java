package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.SessionSnapshot;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.signaling.bus.Bus;
import dev.ghostline.signaling.bus.PodIdentity;
import dev.ghostline.signaling.bus.PodLiveness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * A session's waits and matches, each step with what it tells the client, the partner and the matchmaker:
 * waiting, a match arriving (or refused because the session moved on), the partner leaving or moving, a room
 * refusing the join, and the end of a match or wait. Callers hold no lock; every step takes the session's.
 */
@ApplicationScoped
public class Matching {
    private final Bus bus;
    private final PodIdentity pod;
    private final PodLiveness liveness;
    private final Replies replies;
    private final Clock clock;

    Matching(Bus bus, PodIdentity pod, PodLiveness liveness, Replies replies, Clock clock) {
        this.bus = bus;
        this.pod = pod;
        this.liveness = liveness;
        this.replies = replies;
        this.clock = clock;
    }

    public void startWaiting(Session session, SessionSnapshot.Join join) {
        synchronized (session) {
            session.startWaiting(join, clock.millis());
            announceWait(session);
            replies.send(session, queued(join));
        }
    }

    /** Tells the matchmaker about a session that waits or holds a room seat. */
    public void announceWait(Session session) {
        BusMessage.WaitEntry entry = session.waitEntry();
        if (entry != null) {
            bus.publish(Subjects.MATCHMAKER_WAIT, new BusMessage.WaitBatch(pod.id(), List.of(entry)));
        }
    }

    /**
     * The matchmaker paired the session. Accepted when it still waits at that join; a duplicate of the running
     * match is ignored; otherwise (it left or rejoined meanwhile) the partner is freed at once. When the
     * partner's end of this match came first (it travels on another connection), the client hears it right
     * after the match, as if it had come in order.
     */
    public void matched(Session session, BusMessage.Matched matched) {
        BusMessage.MatchView view = matched.match();
        synchronized (session) {
            if (session.acceptMatch(matched.joinSeq(), view)) {
                bus.watchPartner(session.id(), view.partner());
                liveness.named(view.partnerPod(), clock.millis());
                replies.send(session, matchedFrame(view));
                PeerLeftReason endedEarly = session.takeEarlyEnd(view.partner(), view.matchId());
                if (endedEarly != null) {
                    partnerLeft(session, view.partner(), view.matchId(), endedEarly);
                }
                return;
            }
            if (session.isCurrentMatch(view.partner(), view.matchId())) {
                return;
            }
        }
        bus.publish(Subjects.session(view.partner()),
                new BusMessage.PeerLeft(session.id(), view.matchId(), PeerLeftReason.LEFT));
    }

    /** The matchmaker refused the join (a full room): the session is idle again, if that join is current. */
    public void joinRejected(Session session, BusMessage.JoinRejected rejected) {
        synchronized (session) {
            if (session.state() == Session.State.WAITING && session.joinSeq() == rejected.joinSeq()) {
                session.stopWaiting();
                replies.error(session, ErrorReply.forCode(rejected.code()));
            }
        }
    }

    /**
     * The partner ended match {@code matchId}: tell the client, unless the session has moved on already. A
     * waiting session keeps the end for the match it may not have heard of yet ({@link #matched}).
     */
    public void partnerLeft(Session session, String partner, String matchId, PeerLeftReason reason) {
        synchronized (session) {
            if (session.isCurrentMatch(partner, matchId)) {
                closeMatch(session);
                replies.send(session, new ServerMessage.PeerLeft(reason));
            } else {
                session.endedBeforeMatched(partner, matchId, reason);
            }
        }
    }

    /** The partner resumed on another pod: watch that pod's liveness from now on. */
    public void partnerMoved(Session session, BusMessage.PeerMoved moved) {
        if (session.partnerMoved(moved.from(), moved.matchId(), moved.pod())) {
            liveness.named(moved.pod(), clock.millis());
        }
    }

    /** Ends the match (telling the partner why) or the wait. Nothing happens for an idle session. */
    public void endMatchOrWait(Session session, PeerLeftReason reason) {
        synchronized (session) {
            if (session.state() == Session.State.MATCHED) {
                BusMessage.MatchView ended = closeMatch(session);
                bus.publish(Subjects.session(ended.partner()), new BusMessage.PeerLeft(session.id(), ended.matchId(), reason));
            } else if (session.state() == Session.State.WAITING) {
                cancelWait(session.id(), session.stopWaiting());
            }
        }
    }

    /** Ends the session's match on this pod: no more locate answers for the partner, the room seat freed. */
    private BusMessage.MatchView closeMatch(Session session) {
        boolean heldRoomSeat = session.join() != null && session.join().mode() == JoinMode.ROOM;
        BusMessage.MatchView ended = session.endMatch();
        bus.unwatchPartner(ended.partner());
        if (heldRoomSeat) {
            cancelWait(session.id(), session.joinSeq());
        }
        return ended;
    }

    /** The matchmaker stops offering the session's join {@code joinSeq}. */
    public void cancelWait(String sessionId, long joinSeq) {
        bus.publish(Subjects.MATCHMAKER_CANCEL, new BusMessage.CancelBatch(pod.id(),
                List.of(new BusMessage.CancelEntry(sessionId, joinSeq))));
    }

    public static ServerMessage.Queued queued(SessionSnapshot.Join join) {
        return new ServerMessage.Queued(join.mode(), join.lobby());
    }

    public static ServerMessage.Matched matchedFrame(BusMessage.MatchView match) {
        return new ServerMessage.Matched(match.matchId(), match.role(), match.commonInterests(), match.ticket());
    }
}
