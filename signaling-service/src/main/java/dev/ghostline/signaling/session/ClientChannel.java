package dev.ghostline.signaling.session;

import dev.ghostline.protocol.wire.CloseCode;

/** Where frames for one client go: a WebSocket in production, a list in tests. */
public interface ClientChannel {

    /** Queues one text frame; never blocks. */
    void send(String frame);

    /** Closes with a documented close code. */
    void close(CloseCode code);
}
