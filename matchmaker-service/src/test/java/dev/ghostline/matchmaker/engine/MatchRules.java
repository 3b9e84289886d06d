package dev.ghostline.matchmaker.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The matching rules written out the slow, obvious way, straight from docs/architecture.md, to check the
 * engine's indexed implementation against.
 */
final class MatchRules {
    private final long relaxAfterMillis;

    MatchRules(long relaxAfterMillis) {
        this.relaxAfterMillis = relaxAfterMillis;
    }

    boolean acceptsStrangers(Candidate c, long nowMillis) {
        return c.interests().isEmpty() || nowMillis - c.waitingSinceMillis() >= relaxAfterMillis;
    }

    /** By session, or by network: a known network listed among the other's recent partners' networks. */
    boolean avoidEachOther(Candidate a, Candidate b) {
        return a.avoid().contains(b.session()) || b.avoid().contains(a.session())
                || avoidsNetworkOf(a, b) || avoidsNetworkOf(b, a);
    }

    boolean avoidsNetworkOf(Candidate a, Candidate b) {
        return b.network() != null && a.avoidNetworks().contains(b.network());
    }

    /** Both wait from one known network: allowed, but only when nobody from another network fits. */
    boolean sameNetwork(Candidate a, Candidate b) {
        return a.network() != null && a.network().equals(b.network());
    }

    int commonInterests(Candidate a, Candidate b) {
        Set<String> common = new HashSet<>(a.interests());
        common.retainAll(new HashSet<>(b.interests()));
        return common.size();
    }

    /** Whether two random-mode waiters may be paired at {@code nowMillis}. */
    boolean allowed(Candidate a, Candidate b, long nowMillis) {
        if (a.session().equals(b.session()) || a.mode() != Mode.RANDOM || b.mode() != Mode.RANDOM
                || !a.lobby().equals(b.lobby()) || avoidEachOther(a, b)) {
            return false;
        }
        return commonInterests(a, b) > 0 || (acceptsStrangers(a, nowMillis) && acceptsStrangers(b, nowMillis));
    }

    /** Describes the first pair in {@code waiting} that should have been matched, or null if stable. */
    String firstUnstablePair(List<Candidate> waiting, long nowMillis) {
        for (int i = 0; i < waiting.size(); i++) {
            for (int j = i + 1; j < waiting.size(); j++) {
                Candidate a = waiting.get(i);
                Candidate b = waiting.get(j);
                if (a.session().equals(b.session())) {
                    return "one session waits twice";
                }
                if (a.mode() == Mode.ROOM && b.mode() == Mode.ROOM && a.room().equals(b.room())) {
                    return "two waiting seats in one room";
                }
                if (allowed(a, b, nowMillis)) {
                    return "allowed pair left waiting: " + a.interests() + " / " + b.interests();
                }
            }
        }
        return null;
    }
}
