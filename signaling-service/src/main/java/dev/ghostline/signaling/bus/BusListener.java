package dev.ghostline.signaling.bus;

import dev.ghostline.protocol.bus.BusMessage;

/**
 * Where the bus hands what it receives. Implemented by the session layer, which alone decides what a message
 * means; the bus only knows which session or partner lookup it was addressed to. Called on the bus's dispatcher
 * thread, one message at a time.
 */
public interface BusListener {

    /** A message on {@code gl.session.<sessionId>}; {@code replyTo} is set for requests (a claim). */
    void onSessionMessage(String sessionId, BusMessage message, String replyTo);

    /** A locate request from {@code asking}'s new pod, for the match {@code localSession} holds with it. */
    void onLocate(String localSession, String asking, String replyTo);
}
