package dev.ghostline.matchmaker.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Sessions moderation has revoked, remembered just long enough that a refresh already on its way cannot put
 * them back: signaling pods stop refreshing a revoked session, so after a few entry lifetimes nothing more
 * can arrive. Bounded in size as well as in time; beyond {@code capacity} the oldest revocation is forgotten
 * first, as it is the one whose late refreshes are least likely to still be in flight.
 */
final class RevokedSessions {
    /** Revoked session to the time it may be forgotten; oldest first, as forget times only grow. */
    private final LinkedHashMap<String, Long> forgetAt = new LinkedHashMap<>();
    private final long rememberMillis;
    private final int capacity;

    RevokedSessions(long rememberMillis, int capacity) {
        if (rememberMillis <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("rememberMillis and capacity must be positive");
        }
        this.rememberMillis = rememberMillis;
        this.capacity = capacity;
    }

    void revoke(String session, long nowMillis) {
        forgetAt.remove(session);
        long until = nowMillis > Long.MAX_VALUE - rememberMillis ? Long.MAX_VALUE : nowMillis + rememberMillis;
        forgetAt.put(session, until);
        if (forgetAt.size() > capacity) {
            Iterator<String> oldestFirst = forgetAt.keySet().iterator();
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    boolean isRevoked(String session) {
        return forgetAt.containsKey(session);
    }

    void forget(long nowMillis) {
        Iterator<Long> oldestFirst = forgetAt.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next() <= nowMillis) {
            oldestFirst.remove();
        }
    }

    int size() {
        return forgetAt.size();
    }
}
