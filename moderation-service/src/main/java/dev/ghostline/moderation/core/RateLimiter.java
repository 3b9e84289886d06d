package dev.ghostline.moderation.core;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per key (a reporter's session id), in memory. Buckets that have refilled completely are the
 * same as no bucket, so they are forgotten when the map grows past its bound; nothing outlives its use.
 */
public final class RateLimiter {
    private final int burst;
    private final long refillMillis;
    private final int maxTracked;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();

    public RateLimiter(int burst, Duration refillEvery, int maxTracked) {
        if (burst < 1 || refillEvery.isNegative() || refillEvery.isZero() || maxTracked < 1) {
            throw new IllegalArgumentException("rate limit: burst, refill-every and max-tracked must be positive");
        }
        this.burst = burst;
        this.refillMillis = refillEvery.toMillis();
        this.maxTracked = maxTracked;
    }

    /** Takes one token: 0 when allowed, otherwise the whole seconds until the next token (at least 1). */
    public synchronized long acquire(String key, long nowMillis) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            makeRoom(nowMillis);
            bucket = new Bucket(burst, nowMillis);
            buckets.put(key, bucket);
        }
        bucket.refill(nowMillis);
        if (bucket.tokens > 0) {
            bucket.tokens--;
            return 0;
        }
        long waitMillis = bucket.lastRefill + refillMillis - nowMillis;
        return Math.max(1, (waitMillis + 999) / 1000);
    }

    public synchronized int tracked() {
        return buckets.size();
    }

    private void makeRoom(long nowMillis) {
        if (buckets.size() < maxTracked) {
            return;
        }
        Iterator<Bucket> it = buckets.values().iterator();
        while (it.hasNext()) {
            Bucket bucket = it.next();
            bucket.refill(nowMillis);
            if (bucket.tokens >= burst) {
                it.remove();
            }
        }
        if (buckets.size() >= maxTracked) {
            // Every tracked session is mid-burst: forget the oldest rather than grow without bound.
            it = buckets.values().iterator();
            it.next();
            it.remove();
        }
    }

    private final class Bucket {
        private int tokens;
        private long lastRefill;

        private Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.lastRefill = now;
        }

        private void refill(long now) {
            long earned = (now - lastRefill) / refillMillis;
            if (earned > 0) {
                tokens = (int) Math.min(burst, tokens + earned);
                lastRefill = tokens >= burst ? now : lastRefill + earned * refillMillis;
            }
        }
    }
}
