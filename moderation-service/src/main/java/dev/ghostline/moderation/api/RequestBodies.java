package dev.ghostline.moderation.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing of request bodies: a JSON object with exactly the given string fields, nothing else. The
 * service parses bodies itself rather than letting the REST layer bind them, so a bad body can never reach a
 * framework error log with a token or ticket in it.
 */
public final class RequestBodies {
    /** Tokens and tickets are about 100 characters; anything much longer is not ours. */
    private static final int MAX_FIELD_CHARS = 1024;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final int maxBodyBytes;

    public RequestBodies(int maxBodyBytes) {
        if (maxBodyBytes < 256) {
            throw new IllegalArgumentException("ghostline.moderation.max-body-bytes must be at least 256");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The fields' values by name; every error is a {@link ModerationException} without detail. */
    public Map<String, String> parse(String contentType, byte[] body, List<String> fields) {
        if (body != null && body.length > maxBodyBytes) {
            throw new ModerationException(ModerationError.BODY_TOO_LARGE);
        }
        if (!isJson(contentType)) {
            throw new ModerationException(ModerationError.UNSUPPORTED_MEDIA_TYPE);
        }
        if (body == null || body.length == 0) {
            throw new ModerationException(ModerationError.MALFORMED_BODY);
        }
        JsonNode tree;
        try (JsonParser parser = mapper.createParser(body)) {
            tree = mapper.readTree(parser);
        } catch (IOException e) {
            throw new ModerationException(ModerationError.MALFORMED_BODY);
        }
        return fields(tree, fields);
    }

    private static Map<String, String> fields(JsonNode tree, List<String> fields) {
        if (tree == null || !tree.isObject() || tree.size() != fields.size()) {
            throw new ModerationException(ModerationError.MALFORMED_BODY);
        }
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!fields.contains(field.getKey()) || !value.isTextual() || value.textValue().isEmpty()
                    || value.textValue().length() > MAX_FIELD_CHARS) {
                throw new ModerationException(ModerationError.MALFORMED_BODY);
            }
            values.put(field.getKey(), value.textValue());
        }
        return values;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.equalsIgnoreCase("application/json");
    }
}
