package dev.ghostline.matchmaker.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Decides who meets whom. Pure and single-threaded: the caller feeds it wait entries, cancels and clock ticks,
 * in one order, and sends out what it returns.
 *
 * <p>Every operation first brings the engine to the given time (expiring stale entries, relaxing waiters
 * whose {@code relaxAfter} has passed), then applies itself. Afterwards the pool is stable: no two waiting
 * sessions could be paired. Time never runs backwards here: an earlier {@code nowMillis} counts as the latest
 * one seen.
 *
 * <p>The engine holds only soft state: everything in it is rebuilt by the pods' periodic refreshes, so
 * entries not refreshed within {@code entryTtl} are dropped.
 *
 * <p>Revoked sessions are dropped and refused for {@link #REVOKED_TTL_FACTOR} entry lifetimes, long enough for
 * any refresh already in flight to arrive and be refused.
 */
public final class MatchingEngine {
    /** A revoked session is refused for this many entry lifetimes. */
    public static final int REVOKED_TTL_FACTOR = 3;
    /** Default bound on remembered revocations: about 10 MB at most. */
    public static final int DEFAULT_REVOKED_CAPACITY = 100_000;

    private final long relaxAfterMillis;
    private final long entryTtlMillis;
    private final RandomPool randomPool = new RandomPool();
    private final RoomSeats rooms = new RoomSeats();
    private final SettledSessions settled;
    private final RevokedSessions revoked;
    /** Every session the engine holds, least recently refreshed first (refreshes re-insert), for expiry. */
    private final LinkedHashMap<String, Waiter> bySession = new LinkedHashMap<>();
    private long nowMillis = Long.MIN_VALUE;
    private long arrivals;

    public MatchingEngine(long relaxAfterMillis, long entryTtlMillis) {
        this(relaxAfterMillis, entryTtlMillis, DEFAULT_REVOKED_CAPACITY);
    }

    /** {@code revokedCapacity}: how many revoked sessions are remembered at most (oldest forgotten first). */
    public MatchingEngine(long relaxAfterMillis, long entryTtlMillis, int revokedCapacity) {
        if (relaxAfterMillis < 0 || entryTtlMillis <= 0 || entryTtlMillis > Long.MAX_VALUE / REVOKED_TTL_FACTOR) {
            throw new IllegalArgumentException("relaxAfter must be >= 0 and entryTtl > 0");
        }
        this.relaxAfterMillis = relaxAfterMillis;
        this.entryTtlMillis = entryTtlMillis;
        this.settled = new SettledSessions(entryTtlMillis);
        this.revoked = new RevokedSessions(entryTtlMillis * REVOKED_TTL_FACTOR, revokedCapacity);
    }

    /**
     * A wait entry (or a room seat refresh) from a pod. Same {@code joinSeq} as the held entry: a refresh.
     * Greater: a new wait that replaces it. Smaller, or already paired or cancelled: ignored.
     */
    public List<Outcome> offer(Candidate candidate, long nowMillis) {
        List<Pairing> relaxed = advance(nowMillis);
        List<Outcome> placed = apply(candidate);
        if (relaxed.isEmpty()) {
            return placed;
        }
        List<Outcome> outcomes = new ArrayList<>(relaxed);
        outcomes.addAll(placed);
        return outcomes;
    }

    /**
     * The session stopped waiting (or left its room) as of {@code joinSeq}: its entry or seat goes if it is
     * not newer, and later entries up to that join are ignored. Returns whether anything was removed.
     */
    public boolean cancel(String session, long joinSeq) {
        settled.closed(session, joinSeq, nowMillis);
        Waiter held = bySession.get(session);
        if (held == null || held.joinSeq() > joinSeq) {
            return false;
        }
        drop(held);
        return true;
    }

    /**
     * Moderation revoked {@code session}: it leaves every pool and room seat (its room partner keeps their
     * seat), and entries for it are refused for {@link #REVOKED_TTL_FACTOR} entry lifetimes, so a refresh
     * racing the revocation cannot bring it back. Like every operation it first brings the engine to
     * {@code nowMillis}, and returns the pairings that made.
     */
    public List<Pairing> revoke(String session, long nowMillis) {
        List<Pairing> relaxed = advance(nowMillis);
        revoked.revoke(session, this.nowMillis);
        Waiter held = bySession.get(session);
        if (held != null) {
            drop(held);
        }
        return relaxed;
    }

    /** Whether entries for {@code session} are refused because it was revoked. */
    public boolean isRevoked(String session) {
        return revoked.isRevoked(session);
    }

    /**
     * Forgets every waiting session and room seat, keeping what it knows about finished joins and revocations.
     * For a change of leadership: what this instance held may be stale, as another leader may have matched
     * those sessions meanwhile, so it starts over from the pods' next refreshes.
     */
    public void dropAllWaiters() {
        for (Waiter waiter : new ArrayList<>(bySession.values())) {
            drop(waiter);
        }
    }

    /** Brings the engine to {@code nowMillis}: expires stale entries and pairs waiters that just relaxed. */
    public List<Pairing> tick(long nowMillis) {
        return advance(nowMillis);
    }

    /** Sessions waiting for a partner: random mode, and room seats whose occupant is not matched yet. */
    public int waitingCount() {
        return randomPool.size() + rooms.waitingCount();
    }

    /** Room seats held by matched sessions. */
    public int heldSeatCount() {
        return rooms.heldCount();
    }

    /** The latest time the engine has seen. */
    public long nowMillis() {
        return nowMillis;
    }

    /** The entries of every waiting session (not held seats), for checks and diagnostics. */
    public List<Candidate> waitingSnapshot() {
        List<Candidate> waiting = new ArrayList<>(waitingCount());
        for (Waiter waiter : bySession.values()) {
            if (!waiter.seatHeld) {
                waiting.add(waiter.entry);
            }
        }
        return waiting;
    }

    private List<Outcome> apply(Candidate candidate) {
        if (settled.ignores(candidate) || revoked.isRevoked(candidate.session())) {
            return List.of();
        }
        Waiter held = bySession.get(candidate.session());
        if (held != null) {
            if (candidate.joinSeq() < held.joinSeq()) {
                return List.of();
            }
            if (candidate.joinSeq() == held.joinSeq()) {
                refresh(held, candidate);
                return List.of();
            }
            drop(held);
        }
        return place(new Waiter(candidate, arrivals++, relaxAfterMillis, nowMillis));
    }

    private List<Pairing> advance(long requestedMillis) {
        nowMillis = Math.max(nowMillis, requestedMillis);
        expireStale();
        settled.forget(nowMillis);
        revoked.forget(nowMillis);
        List<RandomPool.Match> matches = randomPool.relax(nowMillis);
        if (matches.isEmpty()) {
            return List.of();
        }
        List<Pairing> pairings = new ArrayList<>(matches.size());
        for (RandomPool.Match match : matches) {
            bySession.remove(match.newcomer().session());
            bySession.remove(match.partner().session());
            pairings.add(pair(match.newcomer(), match.partner()));
        }
        return pairings;
    }

    private void expireStale() {
        while (!bySession.isEmpty()) {
            Waiter leastRecent = bySession.values().iterator().next();
            if (nowMillis - leastRecent.lastRefreshMillis < entryTtlMillis) {
                return;
            }
            drop(leastRecent);
        }
    }

    /** Same join again: the session is still there, possibly on another pod after a resume. */
    private void refresh(Waiter held, Candidate candidate) {
        held.pod = candidate.pod();
        touch(held);
        if (!candidate.paired()) {
            return;
        }
        if (held.isRoom()) {
            rooms.hold(held);
        } else {
            // The pod says this random session is matched at this join, so it is no longer waiting.
            drop(held);
        }
    }

    private List<Outcome> place(Waiter waiter) {
        if (!waiter.isRoom()) {
            // A matched random session holds nothing here.
            return waiter.entry.paired() ? List.of() : waitAtRandom(waiter);
        }
        return waiter.entry.paired() ? restoreHeldSeat(waiter) : waitInRoom(waiter);
    }

    private List<Outcome> waitAtRandom(Waiter newcomer) {
        Waiter partner = randomPool.bestPartnerFor(newcomer, nowMillis);
        if (partner == null) {
            randomPool.add(newcomer, nowMillis);
            bySession.put(newcomer.session(), newcomer);
            return List.of();
        }
        randomPool.remove(partner);
        bySession.remove(partner.session());
        return List.of(pair(newcomer, partner));
    }

    private List<Outcome> waitInRoom(Waiter newcomer) {
        String room = newcomer.entry.room();
        if (rooms.isFull(room)) {
            settled.closed(newcomer.session(), newcomer.joinSeq(), nowMillis);
            return List.of(new RoomRejection(newcomer.session(), newcomer.joinSeq()));
        }
        Waiter partner = rooms.waitingSeatIn(room);
        rooms.add(newcomer);
        bySession.put(newcomer.session(), newcomer);
        if (partner == null) {
            return List.of();
        }
        rooms.hold(partner);
        rooms.hold(newcomer);
        // Both seats now count from the match, so a third joiner is refused for a full entryTtl.
        touch(partner);
        return List.of(pair(newcomer, partner));
    }

    /**
     * A matched room session refreshes a seat this engine does not know (it restarted, or the seat expired):
     * take the seat back, never as a new pairing. Its match outranks a stranger waiting in the same room.
     */
    private List<Outcome> restoreHeldSeat(Waiter seat) {
        String room = seat.entry.room();
        RoomRejection evicted = null;
        if (rooms.isFull(room)) {
            Waiter stranger = rooms.waitingSeatIn(room);
            if (stranger == null) {
                return List.of();
            }
            drop(stranger);
            settled.closed(stranger.session(), stranger.joinSeq(), nowMillis);
            evicted = new RoomRejection(stranger.session(), stranger.joinSeq());
        }
        rooms.add(seat);
        bySession.put(seat.session(), seat);
        return evicted == null ? List.of() : List.of(evicted);
    }

    private Pairing pair(Waiter newcomer, Waiter partner) {
        settled.paired(newcomer.session(), newcomer.joinSeq(), nowMillis);
        settled.paired(partner.session(), partner.joinSeq(), nowMillis);
        boolean newcomerOffers = newcomer.isOlderThan(partner);
        Waiter offerer = newcomerOffers ? newcomer : partner;
        Waiter answerer = newcomerOffers ? partner : newcomer;
        return new Pairing(offerer.paired(), answerer.paired(), newcomer.commonInterests(partner));
    }

    private void touch(Waiter waiter) {
        waiter.lastRefreshMillis = nowMillis;
        bySession.remove(waiter.session());
        bySession.put(waiter.session(), waiter);
    }

    private void drop(Waiter waiter) {
        bySession.remove(waiter.session());
        if (waiter.isRoom()) {
            rooms.remove(waiter);
        } else {
            randomPool.remove(waiter);
        }
    }
}
