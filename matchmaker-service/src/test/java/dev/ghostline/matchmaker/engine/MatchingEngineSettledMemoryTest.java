package dev.ghostline.matchmaker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's memory of settled joins at volume: tens of thousands of pairings, so the memory spans many
 * {@link MarkBlock}s and its index grows, and still each join is remembered for exactly {@code entryTtl}.
 */
class MatchingEngineSettledMemoryTest {
    private static final long RELAX = 5_000;
    private static final long TTL = 10_000;
    /** Pairs per millisecond, and for how long: about 30 blocks of marks held at once. */
    private static final int PAIRS_PER_MILLI = 6;
    private static final int MILLIS = 12_000;

    private final MatchingEngine engine = new MatchingEngine(RELAX, TTL);

    private static Candidate plain(String session, long seq, long since) {
        return Candidate.random(session, seq, "pod-" + session, "main", List.of(), List.of(), since, "net-" + session,
                List.of());
    }

    @Test
    void everyPairedJoinIsRememberedForExactlyTheEntryTtl() {
        for (long now = 0; now < MILLIS; now++) {
            for (int i = 0; i < PAIRS_PER_MILLI; i++) {
                assertThat(engine.offer(plain("a" + now + "." + i, 1, now), now)).isEmpty();
                assertThat(engine.offer(plain("b" + now + "." + i, 1, now), now)).hasSize(1);
            }
            if (now >= TTL) {
                checkRememberedUntilTtl(now);
            }
        }
        assertThat(engine.waitingCount()).isZero();
    }

    /** Joins paired exactly TTL ago are just forgotten; those paired a millisecond later are still ignored. */
    private void checkRememberedUntilTtl(long now) {
        long forgotten = now - TTL;
        long remembered = forgotten + 1;
        assertThat(engine.offer(plain("a" + remembered + ".0", 1, remembered), now))
                .as("a late refresh within the TTL").isEmpty();
        assertThat(engine.waitingCount()).isZero();

        assertThat(engine.offer(plain("a" + forgotten + ".0", 1, forgotten), now))
                .as("a refresh after the TTL is a new wait").isEmpty();
        assertThat(engine.waitingCount()).isEqualTo(1);
        assertThat(engine.offer(plain("b" + forgotten + ".0", 1, forgotten), now))
                .as("and can be paired again").hasSize(1);
    }
}
