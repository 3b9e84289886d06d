package dev.ghostline.signaling.limits;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Live sessions per client network on this pod, so that one address cannot multiply sessions (which are free)
 * without bound. Keyed by the network's keyed hash, never by the address. Only new sessions are refused at the
 * cap: a session resumed here from a pod that died or drained is counted whatever the count, because refusing
 * it would end a call that is already running.
 */
public final class SessionsPerAddress {
    private final int max;
    private final ConcurrentHashMap<String, Integer> live = new ConcurrentHashMap<>();

    public SessionsPerAddress(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("ghostline.signaling.max-sessions-per-address must be at least 1");
        }
        this.max = max;
    }

    /** Counts a new session of {@code network}; false, counting nothing, when the network is at its cap. */
    public boolean tryOpen(String network) {
        boolean[] opened = {false};
        live.compute(network, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            opened[0] = true;
            return now + 1;
        });
        return opened[0];
    }

    /** Counts a session that arrived by resume, even past the cap. */
    public void open(String network) {
        live.merge(network, 1, Integer::sum);
    }

    /** A session counted under {@code network} left this pod. */
    public void close(String network) {
        live.computeIfPresent(network, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Live sessions of {@code network} on this pod. */
    public int count(String network) {
        return live.getOrDefault(network, 0);
    }

    /** Networks holding at least one session here; the map's size, for a gauge. */
    public int networks() {
        return live.size();
    }
}
