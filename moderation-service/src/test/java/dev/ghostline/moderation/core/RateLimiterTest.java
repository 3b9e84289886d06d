package dev.ghostline.moderation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long MINUTE = 60_000;

    @Test
    void aBurstIsAllowedThenOneReportPerInterval() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), 100);
        long now = 1_000_000;
        assertThat(limiter.acquire("a", now)).isZero();
        assertThat(limiter.acquire("a", now)).isZero();
        assertThat(limiter.acquire("a", now)).isZero();
        assertThat(limiter.acquire("a", now)).as("seconds to wait").isEqualTo(60);
        assertThat(limiter.acquire("a", now + 45_000)).isEqualTo(15);
        assertThat(limiter.acquire("a", now + MINUTE)).isZero();
        assertThat(limiter.acquire("a", now + MINUTE)).isEqualTo(60);
    }

    @Test
    void keysAreIndependent() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(1), 100);
        assertThat(limiter.acquire("a", 0)).isZero();
        assertThat(limiter.acquire("a", 0)).isPositive();
        assertThat(limiter.acquire("b", 0)).isZero();
    }

    @Test
    void aLongPauseRefillsOnlyUpToTheBurst() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(1), 100);
        limiter.acquire("a", 0);
        limiter.acquire("a", 0);
        long later = 100 * MINUTE;
        assertThat(limiter.acquire("a", later)).isZero();
        assertThat(limiter.acquire("a", later)).isZero();
        assertThat(limiter.acquire("a", later)).isPositive();
    }

    @Test
    void trackedKeysStayBoundedAndRefilledOnesGoFirst() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(1), 3);
        limiter.acquire("busy", 0);
        limiter.acquire("busy", 0);
        limiter.acquire("b", 0);
        limiter.acquire("c", 0);
        // An hour later b and c are full again and are forgotten first; busy is still remembered as full too.
        limiter.acquire("d", 60 * MINUTE);
        assertThat(limiter.tracked()).isLessThanOrEqualTo(3);
        for (int i = 0; i < 10; i++) {
            limiter.acquire("k" + i, 60 * MINUTE);
        }
        assertThat(limiter.tracked()).isLessThanOrEqualTo(3);
    }

    @Test
    void settingsMustBePositive() {
        assertThatThrownBy(() -> new RateLimiter(0, Duration.ofMinutes(1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(1, Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
