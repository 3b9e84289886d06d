package dev.ghostline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void smallValuesAreExact() {
        Histogram histogram = new Histogram();
        for (int v = 1; v <= 100; v++) {
            histogram.record(v);
        }
        assertThat(histogram.valueAtPercentile(50)).isEqualTo(50);
        assertThat(histogram.valueAtPercentile(99)).isEqualTo(99);
        assertThat(histogram.valueAtPercentile(100)).isEqualTo(100);
        assertThat(histogram.valueAtPercentile(0)).isEqualTo(1);
        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.mean()).isEqualTo(50.5);
    }

    @Test
    void largeValuesAreWithinOneThousandth() {
        SplittableRandom random = new SplittableRandom(7);
        Histogram histogram = new Histogram();
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            // Log-uniform from 1 µs to 1 s, like latencies.
            values[i] = (long) Math.pow(10, 3 + 6 * random.nextDouble());
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) histogram.valueAtPercentile(p)).as("p%s", p).isCloseTo(exact, within(exact / 1000.0 + 1));
            assertThat(histogram.valueAtPercentile(p)).as("never understates p%s", p).isGreaterThanOrEqualTo(exact);
        }
        assertThat(histogram.max()).isEqualTo(values[values.length - 1]);
        assertThat(histogram.valueAtPercentile(100)).isEqualTo(histogram.max());
    }

    @Test
    void bucketsTileTheRangeWithoutGaps() {
        for (int index = 1; index < 40_000 && Histogram.lowestEquivalent(index) < (1L << 40); index++) {
            assertThat(Histogram.lowestEquivalent(index)).isEqualTo(Histogram.highestEquivalent(index - 1) + 1);
            assertThat(Histogram.indexOf(Histogram.lowestEquivalent(index))).isEqualTo(index);
            assertThat(Histogram.indexOf(Histogram.highestEquivalent(index))).isEqualTo(index);
        }
    }

    @Test
    void mergingAddsCounts() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        a.record(10);
        a.record(20);
        b.record(1_000_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.max()).isEqualTo(1_000_000);
        assertThat(a.min()).isEqualTo(10);
        assertThat(a.valueAtPercentile(50)).isEqualTo(20);
    }

    @Test
    void emptyAndInvalid() {
        Histogram histogram = new Histogram();
        assertThat(histogram.valueAtPercentile(99)).isZero();
        assertThat(histogram.min()).isZero();
        assertThatThrownBy(() -> histogram.record(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> histogram.valueAtPercentile(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hugeValuesAreClampedNotLost() {
        Histogram histogram = new Histogram();
        histogram.record(Long.MAX_VALUE);
        assertThat(histogram.count()).isEqualTo(1);
        assertThat(histogram.valueAtPercentile(50)).isEqualTo((1L << 42) - 1);
    }

    @Test
    void recorderMergesEveryThread() throws InterruptedException {
        Recorder recorder = new Recorder();
        Thread other = new Thread(() -> recorder.record(5));
        other.start();
        other.join();
        recorder.record(7);
        assertThat(recorder.snapshot().count()).isEqualTo(2);
        assertThat(recorder.snapshot().max()).isEqualTo(7);
    }
}
