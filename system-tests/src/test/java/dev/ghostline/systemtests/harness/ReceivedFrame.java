package dev.ghostline.systemtests.harness;

import dev.ghostline.protocol.wire.ServerMessage;

/**
 * One text frame from the server: the exact text (to check verbatim relaying and for failure messages) and
 * its decoding, or null with the reason when the frame is not a valid server message.
 */
public record ReceivedFrame(String raw, ServerMessage message, String decodeError) {

    @Override
    public String toString() {
        return decodeError == null ? raw : raw + " (undecodable: " + decodeError + ")";
    }
}
