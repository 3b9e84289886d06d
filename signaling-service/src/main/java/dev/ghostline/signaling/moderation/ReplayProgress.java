package dev.ghostline.signaling.moderation;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the decisions the moderation stream held when the pod subscribed have all been applied: the one rule
 * behind the replay gate. The target is the stream's last sequence read before subscribing; the pod has caught up
 * once it has applied the message at that sequence, or once the stream's first sequence has passed it.
 *
 * <p>The second case keeps a pod from waiting forever for messages that left the stream before they reached it
 * (max age, byte cap; removal is always from the front). Nothing is lost by it: a message that aged out carried a
 * decision that has ended (the max age is longer than any deadline), and one the byte cap dropped is gone for every
 * pod started from now on as well. Counts of what the server has still to deliver are not used: a message can be
 * delivered and still wait in the client's dispatcher, not applied.
 *
 * <p>One per subscription, because a stream created anew numbers its messages from 1 again. Thread-safe: the
 * dispatcher reports applied messages, the feed's timer reports the stream's first sequence.
 */
final class ReplayProgress {
    private final long target;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong firstInStream = new AtomicLong();

    /**
     * @param lastSequence the stream's last sequence read before subscribing (0 for a stream that never held one)
     * @param firstSequence its first sequence at that moment (last + 1 once every message has left the stream)
     */
    ReplayProgress(long lastSequence, long firstSequence) {
        this.target = lastSequence;
        this.firstInStream.set(firstSequence);
    }

    /** The message with this stream sequence has been handled (applied, or dropped as undecodable). */
    void applied(long streamSequence) {
        applied.accumulateAndGet(streamSequence, Math::max);
    }

    /** The stream's first sequence as read now; messages below it will never be delivered. */
    void streamStartsAt(long firstSequence) {
        firstInStream.accumulateAndGet(firstSequence, Math::max);
    }

    boolean caughtUp() {
        return applied.get() >= target || firstInStream.get() > target;
    }
}
