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
    /** The same frames per WebSocket, in the order the page opened them: what a resume changed. */
    private final List<List<String>> sentBySocket = new ArrayList<>();
    private final List<List<String>> receivedBySocket = new ArrayList<>();

    void watch(WebSocket socket) {
        List<String> sentHere = new ArrayList<>();
        List<String> receivedHere = new ArrayList<>();
        sentBySocket.add(sentHere);
        receivedBySocket.add(receivedHere);
        socket.onFrameSent(frame -> {
            sent.add(frame.text());
            sentHere.add(frame.text());
        });
        socket.onFrameReceived(frame -> {
            received.add(frame.text());
            receivedHere.add(frame.text());
        });
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

    /** The frames of {@code type} sent on the page's {@code socket}-th WebSocket (0: the first). */
    List<JsonNode> sentOn(int socket, String type) {
        return ofType(socketAt(sentBySocket, socket), type);
    }

    /** The frames of {@code type} received on the page's {@code socket}-th WebSocket (0: the first). */
    List<JsonNode> receivedOn(int socket, String type) {
        return ofType(socketAt(receivedBySocket, socket), type);
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

    private static List<String> socketAt(List<List<String>> bySocket, int socket) {
        if (socket >= bySocket.size()) {
            throw new AssertionError("the page opened " + bySocket.size() + " WebSockets, not " + (socket + 1));
        }
        return bySocket.get(socket);
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
