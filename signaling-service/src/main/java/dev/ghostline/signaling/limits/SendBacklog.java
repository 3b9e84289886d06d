package dev.ghostline.signaling.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Characters queued to one client but not yet written to its socket. A client that stops reading would
 * otherwise make the pod buffer everything its partner sends; past the cap the connection is closed.
 */
public final class SendBacklog {
    private final long maxChars;
    private final AtomicLong queued = new AtomicLong();

    public SendBacklog(long maxChars) {
        this.maxChars = maxChars;
    }

    /** Counts a frame about to be queued; false (and nothing counted) when it would pass the cap. */
    public boolean tryAdd(int chars) {
        long after = queued.addAndGet(chars);
        if (after > maxChars) {
            queued.addAndGet(-chars);
            return false;
        }
        return true;
    }

    /** The frame was written, or failed: either way it no longer waits. */
    public void done(int chars) {
        queued.addAndGet(-chars);
    }

    public long queuedChars() {
        return queued.get();
    }
}
