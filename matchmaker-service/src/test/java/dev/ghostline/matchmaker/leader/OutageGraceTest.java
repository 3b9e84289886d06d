package dev.ghostline.matchmaker.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a connection outage takes an instance out of the election, on a clock the test moves by hand. */
class OutageGraceTest {
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration CHECK = Duration.ofMillis(500);

    private final AtomicLong nanos = new AtomicLong(-7_000); // nanoTime may be negative
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final OutageGrace grace = new OutageGrace(GRACE, connected::get, nanos::get);

    @Test
    void aConnectedInstanceCompetes() {
        assertThat(grace.mayCompete()).isTrue();
        advance(CHECK);
        assertThat(grace.mayCompete()).isTrue();
    }

    @Test
    void anInstanceNeverConnectedDoesNotCompeteUntilItConnects() {
        connected.set(false);
        for (int check = 0; check < 20; check++) {
            assertThat(grace.mayCompete()).isFalse();
            advance(CHECK);
        }

        connected.set(true);
        assertThat(grace.mayCompete()).isTrue();
    }

    @Test
    void anOutageShorterThanTheGraceKeepsItInTheElection() {
        assertThat(grace.mayCompete()).isTrue();
        connected.set(false);
        assertThat(grace.mayCompete()).as("the first check that finds it down").isTrue();
        advance(GRACE.minusNanos(1));
        assertThat(grace.mayCompete()).as("down for just under the grace").isTrue();

        connected.set(true);
        assertThat(grace.mayCompete()).isTrue();
    }

    @Test
    void itLeavesOnceDownAtEveryCheckForTheGraceCountedFromTheFirstCheckThatFoundItDown() {
        assertThat(grace.mayCompete()).isTrue();
        connected.set(false);
        advance(CHECK); // went down between two checks: the grace starts at the one that saw it
        long firstDown = nanos.get();
        assertThat(grace.mayCompete()).isTrue();
        while (nanos.get() - firstDown + CHECK.toNanos() < GRACE.toNanos()) {
            advance(CHECK);
            assertThat(grace.mayCompete()).isTrue();
        }

        advance(CHECK);
        assertThat(nanos.get() - firstDown).isEqualTo(GRACE.toNanos());
        assertThat(grace.mayCompete()).as("down for the whole grace").isFalse();
        advance(CHECK);
        assertThat(grace.mayCompete()).as("stays out while down").isFalse();
    }

    @Test
    void oneCheckThatFindsItConnectedStartsTheGraceOver() {
        assertThat(grace.mayCompete()).isTrue();
        connected.set(false);
        assertThat(grace.mayCompete()).isTrue();
        advance(Duration.ofSeconds(4));
        assertThat(grace.mayCompete()).isTrue();

        connected.set(true);
        advance(CHECK);
        assertThat(grace.mayCompete()).isTrue();
        connected.set(false);
        advance(CHECK);
        assertThat(grace.mayCompete()).isTrue();
        advance(Duration.ofSeconds(4));
        assertThat(grace.mayCompete()).as("4 s into the second outage, not 9 s into one").isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(grace.mayCompete()).isFalse();
    }

    @Test
    void afterLeavingItRejoinsAtTheFirstCheckThatFindsItConnected() {
        assertThat(grace.mayCompete()).isTrue();
        connected.set(false);
        assertThat(grace.mayCompete()).isTrue();
        advance(GRACE);
        assertThat(grace.mayCompete()).isFalse();

        connected.set(true);
        advance(CHECK);
        assertThat(grace.mayCompete()).isTrue();

        connected.set(false);
        assertThat(grace.mayCompete()).as("a new outage gets a whole grace again").isTrue();
        advance(GRACE.minusNanos(1));
        assertThat(grace.mayCompete()).isTrue();
        advance(Duration.ofNanos(1));
        assertThat(grace.mayCompete()).isFalse();
    }

    @Test
    void aZeroGraceLeavesAtTheFirstCheckThatFindsItDown() {
        OutageGrace none = new OutageGrace(Duration.ZERO, connected::get, nanos::get);
        assertThat(none.mayCompete()).isTrue();

        connected.set(false);
        assertThat(none.mayCompete()).isFalse();
    }

    @Test
    void aNegativeGraceIsRefused() {
        assertThatThrownBy(() -> new OutageGrace(Duration.ofMillis(-1), connected::get, nanos::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
