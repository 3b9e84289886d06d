package dev.ghostline.matchmaker.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The random-mode waiters of every lobby, indexed so a newcomer never scans its whole lobby.
 *
 * <p>The pool is kept stable (no two waiters may be paired), which bounds what the hot path looks at: waiters
 * that share an interest, or two open waiters, are only ever left together when one avoids the other. With
 * avoid lists of at most N recent partners such a group has at most 2N + 1 members, so an interest bucket and
 * a lobby's open set stay small however large the lobby grows.
 */
final class RandomPool {
    /** Waiters that still insist on a shared interest, across lobbies, the first to relax first. */
    private final TreeSet<Waiter> picky = new TreeSet<>(Waiter.AGE);
    private final Map<String, Lobby> lobbies = new HashMap<>();
    private int size;

    private static final class Lobby {
        /** Waiters that accept strangers, oldest first. */
        final TreeSet<Waiter> open = new TreeSet<>(Waiter.AGE);
        /**
         * Interest to every waiter (open or picky) that has it. Lists, not sets: the stable pool keeps each to
         * about 2N + 1 waiters (see above), where a list is faster and much lighter than a hash set.
         */
        final Map<String, List<Waiter>> byInterest = new HashMap<>();
        int size;
    }

    /** Two waiters the pool has just let go, to be paired; {@code newcomer} orders the common interests. */
    record Match(Waiter newcomer, Waiter partner) {
    }

    int size() {
        return size;
    }

    /**
     * The partner a waiter not yet in the pool should get: most interests in common, then the oldest; a
     * stranger only when both accept strangers. Null when nobody here is allowed.
     */
    Waiter bestPartnerFor(Waiter newcomer, long nowMillis) {
        Lobby lobby = lobbies.get(newcomer.entry.lobby());
        if (lobby == null) {
            return null;
        }
        Waiter best = bestSharingAnInterest(lobby, newcomer);
        if (best == null && newcomer.isOpenAt(nowMillis)) {
            best = oldestOpenAllowed(lobby, newcomer);
        }
        return best;
    }

    void add(Waiter waiter, long nowMillis) {
        Lobby lobby = lobbies.computeIfAbsent(waiter.entry.lobby(), name -> new Lobby());
        waiter.open = waiter.isOpenAt(nowMillis);
        (waiter.open ? lobby.open : picky).add(waiter);
        for (String interest : waiter.interests) {
            lobby.byInterest.computeIfAbsent(interest, key -> new ArrayList<>(2)).add(waiter);
        }
        lobby.size++;
        size++;
    }

    void remove(Waiter waiter) {
        Lobby lobby = lobbies.get(waiter.entry.lobby());
        (waiter.open ? lobby.open : picky).remove(waiter);
        for (String interest : waiter.interests) {
            List<Waiter> holders = lobby.byInterest.get(interest);
            holders.remove(waiter);
            if (holders.isEmpty()) {
                lobby.byInterest.remove(interest);
            }
        }
        size--;
        if (--lobby.size == 0) {
            lobbies.remove(waiter.entry.lobby());
        }
    }

    /**
     * Opens every waiter whose relax time has come, in relax order. A relaxing waiter shares no interest with
     * anyone allowed (the pool was stable), so its best partner is simply the oldest open one it may meet.
     * Returns the matches formed; both sides are already out of the pool.
     */
    List<Match> relax(long nowMillis) {
        List<Match> matches = List.of();
        while (!picky.isEmpty() && picky.first().relaxAtMillis <= nowMillis) {
            Waiter relaxed = picky.pollFirst();
            Lobby lobby = lobbies.get(relaxed.entry.lobby());
            Waiter partner = oldestOpenAllowed(lobby, relaxed);
            relaxed.open = true;
            lobby.open.add(relaxed);
            if (partner != null) {
                remove(relaxed);
                remove(partner);
                if (matches.isEmpty()) {
                    matches = new ArrayList<>();
                }
                matches.add(new Match(relaxed, partner));
            }
        }
        return matches;
    }

    private static Waiter bestSharingAnInterest(Lobby lobby, Waiter newcomer) {
        Waiter best = null;
        int bestCommon = 0;
        for (String interest : newcomer.interests) {
            List<Waiter> holders = lobby.byInterest.get(interest);
            if (holders == null) {
                continue;
            }
            for (int i = 0; i < holders.size(); i++) {
                Waiter holder = holders.get(i);
                if (holder == best || !mayMeet(holder, newcomer)) {
                    continue;
                }
                int common = newcomer.commonInterestCount(holder);
                if (common > bestCommon || (common == bestCommon && holder.isOlderThan(best))) {
                    best = holder;
                    bestCommon = common;
                }
            }
        }
        return best;
    }

    private static Waiter oldestOpenAllowed(Lobby lobby, Waiter newcomer) {
        for (Waiter open : lobby.open) {
            if (mayMeet(open, newcomer)) {
                return open;
            }
        }
        return null;
    }

    private static boolean mayMeet(Waiter a, Waiter b) {
        return a != b && !a.session().equals(b.session()) && !a.avoids(b);
    }
}
