package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place where client input is checked and normalised. Error details name the field and the rule,
 * never the value sent.
 */
public final class WireValidator {
    public static final int MAX_INTERESTS = 10;
    public static final int MAX_TOKEN_CHARS = 256;
    public static final Pattern LOBBY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    public static final Pattern INTEREST = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,31}");
    public static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    public static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16," + MAX_TOKEN_CHARS + "}");

    private final int maxSignalBytes;

    public WireValidator(int maxSignalBytes) {
        if (maxSignalBytes < 256) {
            throw new IllegalArgumentException("maxSignalBytes must be at least 256");
        }
        this.maxSignalBytes = maxSignalBytes;
    }

    public int maxSignalBytes() {
        return maxSignalBytes;
    }

    /** Builds a client message from a decoded frame. {@code rawPayload} is the verbatim payload text, or null. */
    ClientMessage toMessage(String type, ObjectNode fields, String rawPayload) throws ProtocolException {
        return switch (type) {
            case "hello" -> new ClientMessage.Hello(optionalText(fields, "token", TOKEN), optionalFlag(fields, "relayOnly"),
                    optionalCount(fields, "lastSeq", 0));
            case "refresh-ice" -> new ClientMessage.RefreshIce();
            case "join" -> join(fields);
            case "signal" -> signal(rawPayload, optionalCount(fields, "seq", 1));
            case "next" -> new ClientMessage.Next();
            case "leave" -> new ClientMessage.Leave();
            case "bye" -> new ClientMessage.Bye();
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type");
        };
    }

    private ClientMessage.Join join(ObjectNode fields) throws ProtocolException {
        String mode = requiredText(fields, "mode");
        switch (mode) {
            case "random" -> {
                forbid(fields, "room", "random");
                String lobby = normalisedLobby(requiredText(fields, "lobby"));
                return new ClientMessage.Join(JoinMode.RANDOM, lobby, interests(fields.get("interests")), null);
            }
            case "room" -> {
                forbid(fields, "lobby", "room");
                forbid(fields, "interests", "room");
                String room = requiredText(fields, "room");
                if (!ROOM.matcher(room).matches()) {
                    throw invalid("'room' must be 22-64 base64url characters");
                }
                return new ClientMessage.Join(JoinMode.ROOM, null, List.of(), room);
            }
            default -> throw invalid("'mode' must be 'random' or 'room'");
        }
    }

    private ClientMessage.Signal signal(String rawPayload, long seq) throws ProtocolException {
        if (rawPayload == null) {
            throw invalid("'payload' must be a JSON object");
        }
        if (utf8Length(rawPayload) > maxSignalBytes) {
            throw new ProtocolException(ErrorCode.SIGNAL_TOO_LARGE,
                    "'payload' exceeds " + maxSignalBytes + " bytes");
        }
        return new ClientMessage.Signal(rawPayload, seq);
    }

    private static String normalisedLobby(String lobby) throws ProtocolException {
        String normalised = lobby.trim().toLowerCase(Locale.ROOT);
        if (!LOBBY.matcher(normalised).matches()) {
            throw invalid("'lobby' must match [a-z0-9][a-z0-9-]{0,31}");
        }
        return normalised;
    }

    private static List<String> interests(JsonNode node) throws ProtocolException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("'interests' must be an array of strings");
        }
        if (node.size() > MAX_INTERESTS) {
            throw invalid("'interests' holds at most " + MAX_INTERESTS + " entries");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw invalid("'interests' must be an array of strings");
            }
            String interest = WHITESPACE.matcher(item.asText().trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
            if (!INTEREST.matcher(interest).matches()) {
                throw invalid("each interest is 1-32 letters, digits, spaces, '_' or '-'");
            }
            unique.add(interest);
        }
        return new ArrayList<>(unique);
    }

    private static String requiredText(ObjectNode fields, String name) throws ProtocolException {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull()) {
            throw invalid("'" + name + "' is required");
        }
        if (!node.isTextual()) {
            throw invalid("'" + name + "' must be a string");
        }
        return node.asText();
    }

    private static String optionalText(ObjectNode fields, String name, Pattern pattern) throws ProtocolException {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !pattern.matcher(node.asText()).matches()) {
            throw invalid("'" + name + "' is malformed");
        }
        return node.asText();
    }

    private static boolean optionalFlag(ObjectNode fields, String name) throws ProtocolException {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw invalid("'" + name + "' must be true or false");
        }
        return node.booleanValue();
    }

    /** A whole number from {@code min} up, or {@link ClientMessage#NO_SEQ} when absent. */
    private static long optionalCount(ObjectNode fields, String name, long min) throws ProtocolException {
        JsonNode node = fields.get(name);
        if (node == null || node.isNull()) {
            return ClientMessage.NO_SEQ;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min) {
            throw invalid("'" + name + "' must be a whole number from " + min);
        }
        return node.longValue();
    }

    private static void forbid(ObjectNode fields, String name, String mode) throws ProtocolException {
        if (fields.hasNonNull(name)) {
            throw invalid("'" + name + "' is not allowed in " + mode + " mode");
        }
    }

    private static ProtocolException invalid(String detail) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, detail);
    }

    static int utf8Length(String text) {
        int ascii = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return ascii + text.substring(i).getBytes(StandardCharsets.UTF_8).length;
            }
            ascii++;
        }
        return ascii;
    }
}
