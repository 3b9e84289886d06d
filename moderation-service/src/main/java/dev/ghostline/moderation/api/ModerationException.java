package dev.ghostline.moderation.api;

/**
 * A request that ends with a documented error. No stack trace and no message of its own: it is an answer, not
 * a fault, and must never carry anything the client sent into a log.
 */
public final class ModerationException extends RuntimeException {
    private final ModerationError error;
    private final long retryAfterSeconds;

    public ModerationException(ModerationError error) {
        this(error, 0);
    }

    public ModerationException(ModerationError error, long retryAfterSeconds) {
        super(error.code(), null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ModerationError error() {
        return error;
    }

    /** Seconds for a {@code Retry-After} header; 0 when none applies. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
