package dev.ghostline.protocol.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one codec for NATS message bodies. Relays, the hot path, are
 * {@code 'R' | from (32 ASCII) | seq (8 bytes) | clientSeq (8 bytes) | frame (UTF-8)}, big-endian, so the
 * receiving pod orders and forwards the frame without parsing it; every other message is a JSON object with a
 * {@code kind} field.
 */
public final class BusCodec {
    private static final byte RELAY_TAG = 'R';
    private static final int ID_CHARS = 32;
    private static final int RELAY_HEADER = 1 + ID_CHARS + 2 * Long.BYTES;

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
            return ByteBuffer.allocate(RELAY_HEADER + frame.length).put(RELAY_TAG)
                    .put(relay.from().getBytes(StandardCharsets.US_ASCII))
                    .putLong(relay.seq()).putLong(relay.clientSeq()).put(frame).array();
        }
        try {
            return writer.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bus message not encodable: " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a body; throws {@link IllegalArgumentException} for anything that is not a bus message. */
    public BusMessage decode(byte[] body) {
        if (body.length >= RELAY_HEADER && body[0] == RELAY_TAG) {
            ByteBuffer header = ByteBuffer.wrap(body, 1 + ID_CHARS, 2 * Long.BYTES);
            return new BusMessage.Relay(new String(body, 1, ID_CHARS, StandardCharsets.US_ASCII),
                    header.getLong(), header.getLong(),
                    new String(body, RELAY_HEADER, body.length - RELAY_HEADER, StandardCharsets.UTF_8));
        }
        try {
            return mapper.readValue(body, BusMessage.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a bus message", e);
        }
    }
}
