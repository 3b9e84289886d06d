package dev.ghostline.signaling.bus;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/** When each pod was last heard from. A pod never heard from counts from when it was first named. */
@ApplicationScoped
public class PodLiveness {
    private final ConcurrentHashMap<String, Long> lastHeardMillis = new ConcurrentHashMap<>();

    public void heard(String pod, long nowMillis) {
        lastHeardMillis.put(pod, nowMillis);
    }

    /** Starts the clock for a pod we learned of from a match, before its first heartbeat arrives. */
    public void named(String pod, long nowMillis) {
        lastHeardMillis.putIfAbsent(pod, nowMillis);
    }

    public boolean isSilent(String pod, long nowMillis, long deadAfterMillis) {
        Long last = lastHeardMillis.get(pod);
        return last != null && nowMillis - last > deadAfterMillis;
    }

    /** Forgets pods silent for much longer than any resume window. */
    public void forgetOlderThan(long cutoffMillis) {
        lastHeardMillis.values().removeIf(last -> last < cutoffMillis);
    }
}
