package dev.ghostline.bench;

/**
 * Log-linear histogram of non-negative longs (nanoseconds here), in the spirit of HdrHistogram: values below
 * 2048 are counted exactly, larger ones in buckets whose width is 1/1024 of their magnitude, so any reported
 * percentile is within 0.1% of the true value. Not thread-safe: one per thread, {@link #add} them at the end.
 */
public final class Histogram {
    private static final int SUB_BITS = 10;
    private static final int HALF = 1 << SUB_BITS;
    private static final int EXACT = HALF << 1;
    /** Values above 2^42 ns (about 73 minutes) are clamped; nothing here waits that long. */
    private static final int MAX_SHIFT = 42 - SUB_BITS;
    private static final long MAX_VALUE = (1L << 42) - 1;

    private final long[] counts = new long[EXACT + MAX_SHIFT * HALF];
    private long total;
    private long max;
    private long min = Long.MAX_VALUE;
    private double sum;

    public void record(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        long clamped = Math.min(value, MAX_VALUE);
        counts[indexOf(clamped)]++;
        total++;
        sum += clamped;
        max = Math.max(max, clamped);
        min = Math.min(min, clamped);
    }

    /** Adds every count of {@code other} into this one. */
    public void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        max = Math.max(max, other.max);
        min = Math.min(min, other.min);
    }

    public long count() {
        return total;
    }

    public long max() {
        return max;
    }

    public long min() {
        return total == 0 ? 0 : min;
    }

    public double mean() {
        return total == 0 ? 0 : sum / total;
    }

    /**
     * The smallest recorded value (to bucket precision) that at least {@code percentile}% of values do not
     * exceed; 0 when empty. Reports the bucket's upper edge, capped by the largest value seen, so it never
     * understates.
     */
    public long valueAtPercentile(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile out of range: " + percentile);
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestEquivalent(i), max);
            }
        }
        return max;
    }

    static int indexOf(long value) {
        if (value < EXACT) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        return EXACT + (shift - 1) * HALF + (int) ((value >>> shift) - HALF);
    }

    static long lowestEquivalent(int index) {
        if (index < EXACT) {
            return index;
        }
        int shift = (index - EXACT) / HALF + 1;
        long mantissa = HALF + (index - EXACT) % HALF;
        return mantissa << shift;
    }

    static long highestEquivalent(int index) {
        if (index < EXACT) {
            return index;
        }
        int shift = (index - EXACT) / HALF + 1;
        return lowestEquivalent(index) + (1L << shift) - 1;
    }
}
