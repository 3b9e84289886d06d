package dev.ghostline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long START = 5_000_000_000L;

    @Test
    void theFirstSendIsDueAtTheStartAndTheRestEvenlySpaced() {
        Pacer pacer = new Pacer(1000, START); // one per millisecond

        assertThat(pacer.due(START - 1)).isZero();
        assertThat(pacer.due(START)).isEqualTo(1);
        assertThat(pacer.stamp()).isEqualTo(START);
        assertThat(pacer.due(START + 999_999)).isZero();
        assertThat(pacer.due(START + 1_000_000)).isEqualTo(1);
    }

    @Test
    void aLateTimerGetsEverySendItMissedStampedWithItsIntendedTime() {
        Pacer pacer = new Pacer(1000, START);
        pacer.stamp();

        long late = START + 10_000_000; // the timer fires 10 ms late
        assertThat(pacer.due(late)).isEqualTo(10);
        for (int k = 1; k <= 10; k++) {
            assertThat(pacer.stamp()).isEqualTo(START + k * 1_000_000L);
        }
        assertThat(pacer.due(late)).isZero();
    }

    @Test
    void fractionalRatesKeepTheAverage() {
        Pacer pacer = new Pacer(3, START); // every 333.3 ms
        long afterOneSecond = START + 1_000_000_000L;

        assertThat(pacer.due(afterOneSecond)).isEqualTo(4); // at 0, 333, 667 and 1000 ms
        pacer.stamp();
        pacer.stamp();
        assertThat(pacer.stamp()).isEqualTo(START + 666_666_667L);
    }

    @Test
    void refusesRatesThatAreNotPositive() {
        assertThatThrownBy(() -> new Pacer(0, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(Double.NaN, START)).isInstanceOf(IllegalArgumentException.class);
    }
}
