package dev.ghostline.moderation.core;

import dev.ghostline.protocol.bus.BusMessage;

/** Puts a revocation on the moderation stream. */
public interface RevocationPublisher {
    /**
     * Returns once the stream has stored the message; throws {@link StoreUnavailableException} when it could
     * not be stored in time.
     */
    void publish(BusMessage.SessionRevoked revocation);
}
