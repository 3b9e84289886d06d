package dev.ghostline.bench;

import java.util.concurrent.ConcurrentLinkedQueue;

/** One histogram per recording thread (event loops), merged on demand: no locks on the hot path. */
public final class Recorder {
    private final ConcurrentLinkedQueue<Histogram> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Histogram> mine = ThreadLocal.withInitial(() -> {
        Histogram histogram = new Histogram();
        all.add(histogram);
        return histogram;
    });

    public void record(long value) {
        mine.get().record(value);
    }

    /** A merged copy. Call once the recording threads are quiet, or accept a slightly torn snapshot. */
    public Histogram snapshot() {
        Histogram merged = new Histogram();
        all.forEach(merged::add);
        return merged;
    }
}
