package dev.ghostline.signaling.moderation;

import dev.ghostline.protocol.bus.BusMessage;

/**
 * Where {@link ModerationFeed} hands the decisions it reads from the moderation stream, in stream order, on the
 * feed's dispatcher thread; and its once-a-second tick, for what a decision could not finish when it arrived.
 */
public interface DecisionListener {

    void revoked(BusMessage.SessionRevoked revoked);

    void blocked(BusMessage.AddressBlocked blocked);

    /** Every tick: forget expired decisions, end revoked sessions that arrived after their revocation. */
    void sweep();
}
