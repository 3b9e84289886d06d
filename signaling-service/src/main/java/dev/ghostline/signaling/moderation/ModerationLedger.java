package dev.ghostline.signaling.moderation;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this pod must refuse: revoked session ids and blocked address hashes, each until its own deadline.
 * Rebuilt from the moderation stream at boot, so it is memory only; entries are purged once they expire.
 */
public final class ModerationLedger {
    private final Map<String, Long> revokedUntil = new ConcurrentHashMap<>();
    private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();

    public void revoke(String sessionId, long untilEpochSecond) {
        revokedUntil.merge(sessionId, untilEpochSecond, Math::max);
    }

    public void block(String addressHash, long untilEpochSecond) {
        blockedUntil.merge(addressHash, untilEpochSecond, Math::max);
    }

    public boolean isRevoked(String sessionId, long nowEpochSecond) {
        Long until = revokedUntil.get(sessionId);
        return until != null && until > nowEpochSecond;
    }

    /** True when any of the address's hashes (today's and yesterday's key) is blocked. */
    public boolean isBlocked(Collection<String> addressHashes, long nowEpochSecond) {
        if (blockedUntil.isEmpty()) {
            return false;
        }
        for (String hash : addressHashes) {
            Long until = blockedUntil.get(hash);
            if (until != null && until > nowEpochSecond) {
                return true;
            }
        }
        return false;
    }

    /** Forgets what no longer binds anyone. */
    public void purge(long nowEpochSecond) {
        revokedUntil.values().removeIf(until -> until <= nowEpochSecond);
        blockedUntil.values().removeIf(until -> until <= nowEpochSecond);
    }

    public int revokedCount() {
        return revokedUntil.size();
    }

    public int blockedCount() {
        return blockedUntil.size();
    }
}
