package dev.ghostline.signaling.ws;

import java.util.List;
import java.util.Set;

/** Exact-match Origin allowlist: no wildcards, no prefixes, so a look-alike origin never passes. */
public final class OriginPolicy {
    private final Set<String> allowed;
    private final boolean allowMissing;

    public OriginPolicy(List<String> allowed, boolean allowMissing) {
        this.allowed = Set.copyOf(allowed);
        this.allowMissing = allowMissing;
    }

    public boolean allows(String origin) {
        return origin == null ? allowMissing : allowed.contains(origin);
    }
}
