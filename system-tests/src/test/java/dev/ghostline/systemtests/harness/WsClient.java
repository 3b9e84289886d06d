package dev.ghostline.systemtests.harness;

import dev.ghostline.protocol.wire.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;

/**
 * A raw protocol client on a real WebSocket (java.net.http), as a browser tab would hold one. Frames are sent
 * as given, so tests can send anything, and received frames are checked strictly in order.
 */
public final class WsClient implements AutoCloseable {
    /** Long enough for a cross-pod match on a busy 2-core machine, short enough to fail fast. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final WebSocket socket;
    private final FrameListener listener;

    private WsClient(WebSocket socket, FrameListener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    public static WsClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    /** Opens a WebSocket with extra upgrade headers such as Origin or X-Forwarded-For. */
    public static WsClient connect(URI uri, Map<String, String> headers) {
        FrameListener listener = new FrameListener();
        try {
            return new WsClient(open(uri, headers, listener).get(10, TimeUnit.SECONDS), listener);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("WebSocket upgrade to " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Attempts an upgrade that the server must refuse; returns the HTTP status it answered with. */
    public static int rejectedUpgradeStatus(URI uri, Map<String, String> headers) {
        try {
            WebSocket unexpected = open(uri, headers, new FrameListener()).get(10, TimeUnit.SECONDS);
            unexpected.abort();
            throw new AssertionError("upgrade to " + uri + " with " + headers + " was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("upgrade failed without an HTTP answer: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new AssertionError("upgrade to " + uri + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CompletableFuture<WebSocket> open(URI uri, Map<String, String> headers, FrameListener listener) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, listener);
    }

    /** Sends one text frame exactly as given; fails if the frame cannot be written. */
    public void send(String rawFrame) {
        if (!trySend(rawFrame)) {
            throw new AssertionError("could not send a frame; seen so far: " + listener.history());
        }
    }

    /** Sends one text frame; false when the connection is already closed or breaks while sending. */
    public synchronized boolean trySend(String rawFrame) {
        try {
            socket.sendText(rawFrame, true).get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The next frame, which must be a {@code type}, within {@link #DEFAULT_TIMEOUT}. */
    public <T extends ServerMessage> T await(Class<T> type) {
        return await(type, DEFAULT_TIMEOUT);
    }

    /** The next frame, which must be a {@code type}; frames are never skipped, so surprises fail the test. */
    public <T extends ServerMessage> T await(Class<T> type, Duration timeout) {
        ReceivedFrame frame = awaitFrame(timeout, type.getSimpleName());
        if (!type.isInstance(frame.message())) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + frame
                    + "; frames seen: " + listener.history());
        }
        return type.cast(frame.message());
    }

    /** The next frame, whatever it is, with its exact text. */
    public ReceivedFrame awaitFrame(Duration timeout, String expectation) {
        try {
            ReceivedFrame frame = listener.pending().poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no " + expectation + " within " + timeout + "; frames seen: "
                        + listener.history());
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next frame within {@code timeout}, or null: for readers that run until the connection ends. */
    public ReceivedFrame poll(Duration timeout) {
        try {
            return listener.pending().poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Asserts that nothing arrives for {@code quiet}: for things that must not happen, such as a match. */
    public void assertNothingReceivedFor(Duration quiet) {
        Awaitility.await("no frame for " + quiet)
                .during(quiet)
                .atMost(quiet.plusSeconds(2))
                .until(() -> listener.pending().isEmpty());
    }

    /** The close code once the connection has ended (1006 if it broke without a close frame). */
    public int awaitClose(Duration timeout) {
        try {
            return listener.closeCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection still open after " + timeout + "; frames seen: "
                    + listener.history(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** True when a frame has arrived that no await has taken yet. */
    public boolean hasUnread() {
        return !listener.pending().isEmpty();
    }

    public boolean isClosed() {
        return listener.closeCode().isDone();
    }

    /** Frames received and not yet taken by an await, in order. */
    public List<ReceivedFrame> unread() {
        List<ReceivedFrame> frames = new ArrayList<>();
        listener.pending().drainTo(frames);
        return frames;
    }

    /** Everything this connection saw, for failure messages. */
    public List<String> history() {
        return listener.history();
    }

    /** Drops the TCP connection without a close frame or a bye, as a lost network or a killed tab does. */
    public void closeAbruptly() {
        socket.abort();
    }

    /** Ends the test's use of the socket. Without a bye, the server treats it as a dropped connection. */
    @Override
    public void close() {
        socket.abort();
    }
}
