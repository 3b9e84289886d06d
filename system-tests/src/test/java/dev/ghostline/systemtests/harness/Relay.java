package dev.ghostline.systemtests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghostline.protocol.wire.ServerMessage;
import java.util.UUID;

/** Checks of the relay: what one side signals, the other receives verbatim. */
public final class Relay {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Relay() {
    }

    /**
     * Sends a fresh payload from {@code from} and asserts {@code to} gets it as its next frame, byte for byte.
     * The payload has odd spacing and key order so any re-encoding on the way would show.
     */
    public static void assertRelayed(Session from, Session to) {
        String payload = "{ \"candidate\" : {\"sdpMid\":\"0\", \"candidate\":\"candidate:1 1 udp 2122260223 "
                + "192.0.2.1 9 typ host\"},  \"nonce\": \"" + UUID.randomUUID() + "\" }";
        assertRelayed(from, to, payload);
    }

    public static void assertRelayed(Session from, Session to, String payloadJson) {
        from.send(ClientFrames.signal(payloadJson));
        ReceivedFrame frame = to.ws().awaitFrame(WsClient.DEFAULT_TIMEOUT, "signal from " + from);
        assertThat(frame.message()).as("%s → %s: frame %s", from, to, frame)
                .isInstanceOf(ServerMessage.Signal.class);
        assertThat(frame.raw()).as("%s → %s: payload text verbatim", from, to).contains(payloadJson);
        assertThat(tree(((ServerMessage.Signal) frame.message()).payload())).isEqualTo(tree(payloadJson));
    }

    private static Object tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
