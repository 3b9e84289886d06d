package dev.ghostline.bench;

/**
 * An open-loop schedule: the k-th send (k = 0, 1, ...) is due at {@code start + k / rate}. A timer asks how
 * many sends are due and stamps each with its intended time, not the time the timer fired, so a late timer or
 * a stalled server shows up as latency instead of as fewer sends (no coordinated omission).
 */
public final class Pacer {
    private final long startNanos;
    private final double nanosPerSend;
    private long stamped;

    /** @param perSecond sends per second, > 0 */
    public Pacer(double perSecond, long startNanos) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive number");
        }
        this.startNanos = startNanos;
        this.nanosPerSend = 1e9 / perSecond;
    }

    /** How many sends are due by {@code nowNanos} and not stamped yet. */
    public long due(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        long dueByNow = (long) Math.floor((nowNanos - startNanos) / nanosPerSend) + 1;
        return Math.max(0, dueByNow - stamped);
    }

    /** The intended time of the next send; each call moves on to the one after. */
    public long stamp() {
        return startNanos + Math.round(stamped++ * nanosPerSend);
    }
}
