package dev.ghostline.systemtests.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Client frames as docs/protocol.md spells them. The protocol module only decodes client frames (servers
 * never build them), so tests write their own JSON; strings go through Jackson so they are escaped.
 */
public final class ClientFrames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientFrames() {
    }

    public static String hello() {
        return "{\"type\":\"hello\"}";
    }

    public static String hello(String token) {
        return JSON.createObjectNode().put("type", "hello").put("token", token).toString();
    }

    /** A resuming hello that says which of the partner's signals arrived: the {@code seq} of the last one. */
    public static String hello(String token, long lastSeq) {
        return JSON.createObjectNode().put("type", "hello").put("token", token).put("lastSeq", lastSeq).toString();
    }

    public static String joinRandom(String lobby, String... interests) {
        ObjectNode join = JSON.createObjectNode().put("type", "join").put("mode", "random").put("lobby", lobby);
        ArrayNode list = join.putArray("interests");
        for (String interest : interests) {
            list.add(interest);
        }
        return join.toString();
    }

    /** A private room's id, as the page derives it from the code (22-64 base64url characters). */
    public static String joinRoom(String room) {
        return JSON.createObjectNode().put("type", "join").put("mode", "room").put("room", room).toString();
    }

    /** {@code payloadJson} is put in the frame as written, so tests can check it comes back verbatim. */
    public static String signal(String payloadJson) {
        return "{\"type\":\"signal\",\"payload\":" + payloadJson + "}";
    }

    /** A numbered signal (docs/protocol.md, "Sequence numbers"), so a resume can tell what reached the server. */
    public static String signal(String payloadJson, long seq) {
        return "{\"type\":\"signal\",\"seq\":" + seq + ",\"payload\":" + payloadJson + "}";
    }

    public static String next() {
        return "{\"type\":\"next\"}";
    }

    public static String leave() {
        return "{\"type\":\"leave\"}";
    }

    public static String bye() {
        return "{\"type\":\"bye\"}";
    }
}
