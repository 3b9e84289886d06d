package dev.ghostline.protocol.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one codec for NATS message bodies. Relays, the hot path, are {@code 'R' | from (32 ASCII) | frame (UTF-8)}
 * so the receiving pod forwards the frame without parsing it; every other message is a JSON object with a
 * {@code kind} field.
 */
public final class BusCodec {
    private static final byte RELAY_TAG = 'R';
    private static final int ID_CHARS = 32;

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final ObjectWriter writer = mapper.writerFor(BusMessage.class);

    public byte[] encode(BusMessage message) {
        if (message instanceof BusMessage.Relay relay) {
            if (relay.from().length() != ID_CHARS) {
                throw new IllegalArgumentException("relay sender must be a session id");
            }
            byte[] frame = relay.frame().getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[1 + ID_CHARS + frame.length];
            out[0] = RELAY_TAG;
            System.arraycopy(relay.from().getBytes(StandardCharsets.US_ASCII), 0, out, 1, ID_CHARS);
            System.arraycopy(frame, 0, out, 1 + ID_CHARS, frame.length);
            return out;
        }
        try {
            return writer.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bus message not encodable: " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a body; throws {@link IllegalArgumentException} for anything that is not a bus message. */
    public BusMessage decode(byte[] body) {
        if (body.length > ID_CHARS && body[0] == RELAY_TAG) {
            return new BusMessage.Relay(new String(body, 1, ID_CHARS, StandardCharsets.US_ASCII),
                    new String(body, 1 + ID_CHARS, body.length - 1 - ID_CHARS, StandardCharsets.UTF_8));
        }
        try {
            return mapper.readValue(body, BusMessage.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a bus message", e);
        }
    }
}
