package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one codec between WebSocket text frames and protocol messages. Client frames are read with a
 * streaming parser so that a signal payload is captured verbatim (no re-encoding) and validated in one pass.
 */
public final class WireCodec {
    private static final int MAX_NESTING = 32;

    private final ObjectMapper mapper;
    /** Built once: encoding is on the relay hot path. */
    private final ObjectWriter serverWriter;
    private final WireValidator validator;

    public WireCodec(WireValidator validator) {
        this.validator = validator;
        this.mapper = JsonMapper.builder(JsonFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .build();
        this.serverWriter = mapper.writerFor(ServerMessage.class);
    }

    public WireValidator validator() {
        return validator;
    }

    /** Parses and validates one client frame. */
    public ClientMessage decodeClient(String frame) throws ProtocolException {
        Fields fields = readFields(frame);
        if (!fields.values().path("type").isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'type' is required and must be a string");
        }
        return validator.toMessage(fields.values().get("type").asText(), fields.values(), fields.payload());
    }

    /** One frame's top-level fields, with the {@code payload} object kept as its exact source text. */
    private record Fields(ObjectNode values, String payload) {
    }

    private Fields readFields(String frame) throws ProtocolException {
        try (JsonParser parser = mapper.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed();
            }
            ObjectNode values = mapper.createObjectNode();
            String payload = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("payload".equals(name) && value == JsonToken.START_OBJECT) {
                    payload = rawObject(parser, frame);
                } else {
                    values.set(name, parser.readValueAsTree());
                }
            }
            if (parser.nextToken() != null) {
                throw malformed();
            }
            return new Fields(values, payload);
        } catch (JsonProcessingException e) {
            throw malformed();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes a server message as one text frame. */
    public String encode(ServerMessage message) {
        try {
            return serverWriter.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("server message not encodable: " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a server frame; used by clients of the protocol (tests, bench). */
    public ServerMessage decodeServer(String frame) {
        try {
            Fields fields = readFields(frame);
            if ("signal".equals(fields.values().path("type").asText()) && fields.payload() != null) {
                return new ServerMessage.Signal(fields.values().path("seq").asLong(0), fields.payload());
            }
            return mapper.treeToValue(fields.values(), ServerMessage.class);
        } catch (ProtocolException | JsonProcessingException e) {
            throw new IllegalArgumentException("not a server frame", e);
        }
    }

    /** Reads past the object at the parser and returns its exact source text. */
    private static String rawObject(JsonParser parser, String frame) throws IOException, ProtocolException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw malformed();
            }
            if (token.isStructStart()) {
                if (++depth > MAX_NESTING) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "'payload' nests deeper than " + MAX_NESTING);
                }
            } else if (token.isStructEnd()) {
                depth--;
            }
        }
        int end = (int) parser.currentLocation().getCharOffset();
        return frame.substring(start, end);
    }

    private static ProtocolException malformed() {
        return new ProtocolException(ErrorCode.MALFORMED, "frame must be one JSON object");
    }
}
