package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage.MatchView;
import dev.ghostline.protocol.bus.BusMessage.WaitEntry;
import dev.ghostline.protocol.bus.SessionSnapshot;
import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One anonymous session on this pod: idle, waiting or matched, attached to a connection or detached while
 * its client may still resume. Callers synchronise on the session for compound steps.
 */
public final class Session {
    public enum State { IDLE, WAITING, MATCHED }

    /**
     * Characters of frames kept while detached. A handover carries them with the signals kept for a replay
     * ({@link SignalLedger#MAX_KEPT_CHARS}) in one NATS message, whose payload limit is 1 MiB by default, so
     * together they stay under it with room for JSON escaping.
     */
    static final int MAX_PENDING_CHARS = 384 * 1024;
    /** How long sent signals are kept for a replay when no resume window is given (its default). */
    static final long DEFAULT_KEEP_SIGNALS_MILLIS = 30_000;
    /** {@link #withdrawWait()} found no wait to withdraw. Join sequences are never negative. */
    public static final long NO_WAIT = -1;
    /** Early match ends kept per session: one is the usual most, a few cover duplicates. */
    private static final int EARLY_ENDS = 4;

    private final String id;
    private final int recentLimit;
    private final int pendingLimit;
    private final long keepSignalsMillis;
    private final ArrayDeque<String> recentPartners = new ArrayDeque<>();
    /** The networks of recent partners (keyed hashes), the last {@code recentLimit} distinct ones. */
    private final ArrayDeque<String> recentPartnerNetworks = new ArrayDeque<>();
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private int pendingChars;
    private ClientConnection connection;
    /** The address of the latest connection, kept in memory so a revocation can block it after a drop. */
    private String clientAddress;
    /** The keyed hash of the latest connection's network, which the session's wait entries carry. */
    private String network;
    /** The network this pod counts the session under for its per-address cap, released when it leaves. */
    private String countedNetwork;
    private long detachedAtMillis = -1;
    private State state = State.IDLE;
    private SessionSnapshot.Join join;
    private long joinSeq;
    private long waitingSinceMillis;
    private MatchView match;
    private long partnerLostAtMillis = -1;
    /** The current match's signal numbering; null while not matched. */
    private SignalLedger signals;
    /** Ends of matches not heard of yet ({@link #endedBeforeMatched}); null until one comes, as it rarely does. */
    private ArrayDeque<EarlyEnd> earlyEnds;

    public Session(String id, int recentLimit, int pendingLimit) {
        this(id, recentLimit, pendingLimit, DEFAULT_KEEP_SIGNALS_MILLIS);
    }

    /** {@code keepSignalsMillis}: how long this session's sent signals are kept for a replay. */
    public Session(String id, int recentLimit, int pendingLimit, long keepSignalsMillis) {
        this.id = id;
        this.recentLimit = recentLimit;
        this.pendingLimit = pendingLimit;
        this.keepSignalsMillis = keepSignalsMillis;
    }

    /** Rebuilds a session handed over by another pod, its signal numbering included. */
    public static Session restore(SessionSnapshot snapshot, int recentLimit, int pendingLimit, long keepSignalsMillis,
                                  long nowMillis) {
        Session session = new Session(snapshot.sessionId(), recentLimit, pendingLimit, keepSignalsMillis);
        session.joinSeq = snapshot.joinSeq();
        session.join = snapshot.join();
        session.waitingSinceMillis = snapshot.waitingSinceMillis();
        session.match = snapshot.match();
        session.state = snapshot.match() != null ? State.MATCHED
                : snapshot.join() != null ? State.WAITING : State.IDLE;
        snapshot.recentPartners().forEach(session::rememberPartner);
        snapshot.recentPartnerNetworks().forEach(session::rememberPartnerNetwork);
        snapshot.pendingFrames().forEach(session::deliver);
        if (session.state == State.MATCHED) {
            session.signals = snapshot.signals() == null ? new SignalLedger(keepSignalsMillis)
                    : SignalLedger.restore(snapshot.signals(), keepSignalsMillis, nowMillis);
        }
        return session;
    }

    /**
     * Rebuilds a matched session from its partner's view of the match, numbering its signals on from the last
     * one the partner's pod received ({@code partnerReceivedSeq}, with its client's {@code partnerReceivedClientSeq}):
     * what the old pod kept died with it, and the client re-sends what it sent after that.
     */
    public static Session located(String id, MatchView match, long partnerReceivedSeq, long partnerReceivedClientSeq,
                                  int recentLimit, int pendingLimit, long keepSignalsMillis, long nowMillis) {
        Session session = new Session(id, recentLimit, pendingLimit, keepSignalsMillis);
        session.match = match;
        session.state = State.MATCHED;
        session.signals = SignalLedger.afterPodLoss(partnerReceivedSeq, partnerReceivedClientSeq, keepSignalsMillis);
        // The old join sequence died with the old pod; start above anything the matchmaker may remember.
        session.joinSeq = nowMillis;
        return session;
    }

    public synchronized SessionSnapshot snapshot() {
        return new SessionSnapshot(id, joinSeq, state == State.IDLE ? null : join, waitingSinceMillis, match,
                new ArrayList<>(recentPartners), new ArrayList<>(recentPartnerNetworks), new ArrayList<>(pending),
                signals == null ? null : signals.snapshot());
    }

    /** Attaches a connection and returns the one it replaces, if any. Pending frames stay until drained. */
    public synchronized ClientConnection attach(ClientConnection newConnection) {
        ClientConnection previous = connection;
        connection = newConnection;
        clientAddress = newConnection.clientAddress();
        network = newConnection.network();
        detachedAtMillis = -1;
        return previous == newConnection ? null : previous;
    }

    /** Detaches if {@code dropped} is still the session's connection. */
    public synchronized boolean detach(ClientConnection dropped, long nowMillis) {
        if (connection != dropped) {
            return false;
        }
        connection = null;
        detachedAtMillis = nowMillis;
        return true;
    }

    /** Sends a frame to the client, or keeps it (bounded) while the client is away. */
    public synchronized void deliver(String frame) {
        if (connection != null) {
            connection.channel().send(frame);
            return;
        }
        pending.addLast(frame);
        pendingChars += frame.length();
        while (pending.size() > pendingLimit || pendingChars > MAX_PENDING_CHARS) {
            pendingChars -= pending.removeFirst().length();
        }
    }

    /** Sends what was kept while the client was away. */
    public synchronized void flushPending() {
        if (connection == null) {
            return;
        }
        while (!pending.isEmpty()) {
            connection.channel().send(pending.removeFirst());
        }
        pendingChars = 0;
    }

    public synchronized long startWaiting(SessionSnapshot.Join newJoin, long nowMillis) {
        join = newJoin;
        state = State.WAITING;
        waitingSinceMillis = nowMillis;
        earlyEnds = null; // they were for matches of an earlier wait
        return ++joinSeq;
    }

    /**
     * The partner of a match this waiting session has not been told of yet ended it: its pod refused the match
     * (its client had left or dropped) and said so, and that word overtook the matchmaker's {@code matched},
     * which comes on another connection (NATS keeps no order between publishers). Kept, a few at most, for
     * {@link #takeEarlyEnd} when the match arrives; nothing is kept for a session that is not waiting.
     */
    public synchronized void endedBeforeMatched(String partner, String matchId, PeerLeftReason reason) {
        if (state != State.WAITING || matchId == null) {
            return;
        }
        if (earlyEnds == null) {
            earlyEnds = new ArrayDeque<>(EARLY_ENDS);
        } else if (earlyEnds.size() == EARLY_ENDS) {
            earlyEnds.removeFirst();
        }
        earlyEnds.addLast(new EarlyEnd(partner, matchId, reason));
    }

    /** Why match {@code matchId} with {@code partner} has ended already, or null when nothing said it has. */
    public synchronized PeerLeftReason takeEarlyEnd(String partner, String matchId) {
        if (earlyEnds == null) {
            return null;
        }
        for (Iterator<EarlyEnd> ends = earlyEnds.iterator(); ends.hasNext(); ) {
            EarlyEnd end = ends.next();
            if (end.matchId().equals(matchId) && end.partner().equals(partner)) {
                ends.remove();
                return end.reason();
            }
        }
        return null;
    }

    /**
     * The client is away: a random-mode wait stops being offered. Returns the join sequence the matchmaker must
     * cancel, and moves the session to the next one, so the wait it announces once its client is back is a new
     * join that this cancel cannot close (the matchmaker refuses a cancelled join for its entry lifetime,
     * refreshes in flight included). The session still waits with the same join and the same
     * {@code waitingSinceMillis}, and a match for the withdrawn join is refused like one for a wait the client
     * left. Returns {@link #NO_WAIT} when nothing is withdrawn: the client is attached, the session is idle or
     * matched, or it waits in a private room, whose seat it keeps for the resume window (the only person it can
     * meet there is the friend who has the code, and who expects it back).
     */
    public synchronized long withdrawWait() {
        return randomWaitWhileAway() ? joinSeq++ : NO_WAIT;
    }

    /** A random-mode wait whose client is away: not offered for matching until the client is back. */
    private boolean randomWaitWhileAway() {
        return waitsWhileAway() && join.mode() == JoinMode.RANDOM;
    }

    /** Stops waiting; returns the join sequence the matchmaker should cancel. */
    public synchronized long stopWaiting() {
        state = State.IDLE;
        return joinSeq;
    }

    /** Accepts a match for the current wait; false when it is stale (the session left or rejoined). */
    public synchronized boolean acceptMatch(long seq, MatchView view) {
        if (state != State.WAITING || seq != joinSeq) {
            return false;
        }
        state = State.MATCHED;
        match = view;
        partnerLostAtMillis = -1;
        signals = new SignalLedger(keepSignalsMillis);
        return true;
    }

    /** Ends the match; the partner joins the recent list. Returns the match that ended. */
    public synchronized MatchView endMatch() {
        if (state != State.MATCHED) {
            return null;
        }
        MatchView ended = match;
        match = null;
        signals = null;
        state = State.IDLE;
        partnerLostAtMillis = -1;
        if (ended != null) {
            rememberPartner(ended.partner());
            rememberPartnerNetwork(ended.partnerNetwork());
        }
        return ended;
    }

    public synchronized boolean isCurrentMatch(String partner, String matchId) {
        return match != null && match.partner().equals(partner)
                && (matchId == null || match.matchId().equals(matchId));
    }

    /** Records the partner's new pod if the message is about the current match. */
    public synchronized boolean partnerMoved(String partner, String matchId, String pod) {
        if (!isCurrentMatch(partner, matchId)) {
            return false;
        }
        match = new MatchView(match.matchId(), match.partner(), pod, match.role(), match.commonInterests(),
                match.ticket(), match.partnerNetwork());
        partnerLostAtMillis = -1;
        return true;
    }

    /**
     * The wait entry the matchmaker should hold for this session, or null when it holds none. A random-mode
     * wait is offered only while a client is attached: nobody should be matched with a tab that closed or a
     * network that went away. A room seat stays offered while its client is away (see {@link #withdrawWait}).
     */
    public synchronized WaitEntry waitEntry() {
        boolean holdsRoomSeat = state == State.MATCHED && join != null && join.mode() == JoinMode.ROOM;
        if (state != State.WAITING && !holdsRoomSeat) {
            return null;
        }
        if (randomWaitWhileAway()) {
            return null;
        }
        boolean random = join.mode() == JoinMode.RANDOM;
        return new WaitEntry(id, joinSeq, join.mode(), join.lobby(), join.interests(), join.room(),
                random ? new ArrayList<>(recentPartners) : List.of(), waitingSinceMillis, holdsRoomSeat,
                network, random ? new ArrayList<>(recentPartnerNetworks) : List.of());
    }

    private void rememberPartner(String partner) {
        remember(recentPartners, partner);
    }

    private void rememberPartnerNetwork(String partnerNetwork) {
        if (partnerNetwork != null) {
            remember(recentPartnerNetworks, partnerNetwork);
        }
    }

    private void remember(ArrayDeque<String> recent, String value) {
        recent.remove(value);
        recent.addLast(value);
        while (recent.size() > recentLimit) {
            recent.removeFirst();
        }
    }

    public String id() {
        return id;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized SessionSnapshot.Join join() {
        return join;
    }

    public synchronized long joinSeq() {
        return joinSeq;
    }

    public synchronized MatchView match() {
        return match;
    }

    public synchronized String clientAddress() {
        return clientAddress;
    }

    /** The keyed hash of the network the latest connection came from; null before the first attach. */
    public synchronized String network() {
        return network;
    }

    /** The network this pod counts the session under for the per-address cap; null when not counted. */
    public synchronized String countedNetwork() {
        return countedNetwork;
    }

    public synchronized void countedNetwork(String counted) {
        countedNetwork = counted;
    }

    /** The current match's signal numbering; null while not matched. Guarded by the session's lock. */
    synchronized SignalLedger signals() {
        return signals;
    }

    /** Characters of this session's sent signals kept for a replay. */
    public synchronized int keptSignalChars() {
        return signals == null ? 0 : signals.keptChars();
    }

    /** Frames kept while the client is away, taken out (the caller sends them). */
    synchronized List<String> takePending() {
        List<String> taken = new ArrayList<>(pending);
        pending.clear();
        pendingChars = 0;
        return taken;
    }

    public synchronized ClientConnection connection() {
        return connection;
    }

    /** Waits while no client is attached: dropped, or handed over to this pod and not attached yet. */
    public synchronized boolean waitsWhileAway() {
        return state == State.WAITING && connection == null;
    }

    public synchronized long detachedAtMillis() {
        return detachedAtMillis;
    }

    public synchronized long partnerLostAtMillis() {
        return partnerLostAtMillis;
    }

    public synchronized void partnerLostAt(long millis) {
        partnerLostAtMillis = millis;
    }

    public synchronized List<String> recentPartners() {
        return List.copyOf(recentPartners);
    }

    public synchronized List<String> recentPartnerNetworks() {
        return List.copyOf(recentPartnerNetworks);
    }

    private record EarlyEnd(String partner, String matchId, PeerLeftReason reason) {
    }
}
