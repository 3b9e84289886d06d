package dev.ghostline.systemtests.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.WebSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Every text frame a page's WebSockets sent and received, as Playwright saw them on the wire: what the
 * page really told the signaling pods, and what the stranger's page really received. Filled from Playwright's
 * events, which arrive on the test thread during Playwright calls.
 */
final class WireLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> sent = new ArrayList<>();
    private final List<String> received = new ArrayList<>();

    void watch(WebSocket socket) {
        socket.onFrameSent(frame -> sent.add(frame.text()));
        socket.onFrameReceived(frame -> received.add(frame.text()));
    }

    /** The raw text of every frame sent, in order. */
    List<String> sentText() {
        return List.copyOf(sent);
    }

    List<JsonNode> sent(String type) {
        return ofType(sent, type);
    }

    List<JsonNode> received(String type) {
        return ofType(received, type);
    }

    /** The payloads of the {@code signal} frames received: what the stranger's page sent this one. */
    List<JsonNode> receivedSignals() {
        return received("signal").stream().map(frame -> frame.get("payload")).toList();
    }

    /** The token of the last {@code welcome}, as a thief who read the wire would have it. */
    String lastToken() {
        List<JsonNode> welcomes = received("welcome");
        if (welcomes.isEmpty()) {
            throw new AssertionError("no welcome received yet");
        }
        return welcomes.get(welcomes.size() - 1).get("token").asText();
    }

    /** The {@code type} of one frame's message. */
    static String typeOf(String frame) {
        return parse(frame).path("type").asText();
    }

    private static List<JsonNode> ofType(List<String> frames, String type) {
        return frames.stream().map(WireLog::parse).filter(frame -> type.equals(frame.path("type").asText()))
                .toList();
    }

    private static JsonNode parse(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new AssertionError("a frame that is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
