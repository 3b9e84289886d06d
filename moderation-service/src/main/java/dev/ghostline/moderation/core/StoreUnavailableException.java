package dev.ghostline.moderation.core;

import io.nats.client.JetStreamApiException;

/** NATS could not be reached or kept refusing; the request answers 503 and may be retried. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(Throwable cause) {
        super(describe(cause), null, false, false);
    }

    /** Only the kind of failure and JetStream's error codes: jnats messages may name keys, which are session ids. */
    private static String describe(Throwable cause) {
        if (cause == null) {
            return "gave up after repeated conflicts";
        }
        if (cause instanceof JetStreamApiException api) {
            return "JetStream error " + api.getErrorCode() + "/" + api.getApiErrorCode();
        }
        return cause.getClass().getSimpleName();
    }
}
