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
 * that share an interest, or two open waiters, are only ever left together when one avoids the other, by
 * session or by network. In such a group every pair is blocked by someone's avoid list; a waiter's N recent
 * partners block at most N waiters, and its N recent partners' networks at most N × S, S being the most
 * sessions one network holds at once (the pods cap live sessions per address, so S is at most that cap times
 * the number of pods). Such a group therefore has at most 2N(S + 1) + 1 members, so an interest bucket and a
 * lobby's open set stay bounded however large the lobby grows. The bound is larger than the 2N + 1 of session
 * avoid lists alone, and S is what one person with many tabs controls; honest traffic stays far below it.
 * Sharing a network lowers a pair's rank but does not forbid it, so it never keeps two waiters apart and adds
 * nothing to these groups.
 *
 * <p>Ranking: a partner from another network beats any from the waiter's own network; within each, most
 * interests in common, then the oldest. A network is one address (IPv4) or /64 (IPv6), so several tabs or
 * devices of one person share it: pairing them with each other only when nobody else fits keeps one person's
 * tabs from farming matches among themselves, without stranding a household in a quiet lobby. (Avoiding recent
 * partners' networks, in {@link Waiter#avoids}, is what keeps those tabs from meeting one stranger in turn.)
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
         * at most 2N(S + 1) + 1 waiters (see above), where a list is faster and much lighter than a hash set.
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
     * The partner a waiter not yet in the pool should get: one from another network if any is allowed, then
     * most interests in common, then the oldest; a stranger only when both accept strangers. Null when nobody
     * here is allowed.
     */
    Waiter bestPartnerFor(Waiter newcomer, long nowMillis) {
        Lobby lobby = lobbies.get(newcomer.entry.lobby());
        if (lobby == null) {
            return null;
        }
        Waiter sharing = bestSharingAnInterest(lobby, newcomer);
        if (sharing != null && !sharing.sharesNetworkWith(newcomer)) {
            return sharing;
        }
        Waiter stranger = newcomer.isOpenAt(nowMillis) ? oldestOpenAllowed(lobby, newcomer) : null;
        if (stranger != null && !stranger.sharesNetworkWith(newcomer)) {
            return stranger;
        }
        // Nobody from another network fits: the same ranking among the newcomer's own network.
        return sharing != null ? sharing : stranger;
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
     * anyone allowed (the pool was stable), so its best partner is simply the oldest open one it may meet,
     * from another network if there is one. Returns the matches formed; both sides are already out of the pool.
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

    /** Ranked as {@link #bestPartnerFor}: another network first, then most in common, then the oldest. */
    private static Waiter bestSharingAnInterest(Lobby lobby, Waiter newcomer) {
        Waiter best = null;
        int bestCommon = 0;
        boolean bestSameNetwork = false;
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
                boolean sameNetwork = holder.sharesNetworkWith(newcomer);
                int common = newcomer.commonInterestCount(holder);
                if (best == null || ranksAbove(holder, sameNetwork, common, best, bestSameNetwork, bestCommon)) {
                    best = holder;
                    bestCommon = common;
                    bestSameNetwork = sameNetwork;
                }
            }
        }
        return best;
    }

    private static boolean ranksAbove(Waiter a, boolean aSameNetwork, int aCommon,
                                      Waiter b, boolean bSameNetwork, int bCommon) {
        if (aSameNetwork != bSameNetwork) {
            return !aSameNetwork;
        }
        return aCommon != bCommon ? aCommon > bCommon : a.isOlderThan(b);
    }

    /** The oldest open waiter {@code newcomer} may meet from another network, else from its own; or null. */
    private static Waiter oldestOpenAllowed(Lobby lobby, Waiter newcomer) {
        Waiter oldestSameNetwork = null;
        for (Waiter open : lobby.open) {
            if (!mayMeet(open, newcomer)) {
                continue;
            }
            if (!open.sharesNetworkWith(newcomer)) {
                return open;
            }
            if (oldestSameNetwork == null) {
                oldestSameNetwork = open;
            }
        }
        return oldestSameNetwork;
    }

    private static boolean mayMeet(Waiter a, Waiter b) {
        return a != b && !a.session().equals(b.session()) && !a.avoids(b);
    }
}
