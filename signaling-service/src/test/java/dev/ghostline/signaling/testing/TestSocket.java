package dev.ghostline.signaling.testing;

import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.protocol.wire.WireCodec;
import dev.ghostline.protocol.wire.WireValidator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client for service tests: frames arrive in a queue and are decoded with the protocol codec. */
public final class TestSocket implements AutoCloseable {
    private static final WireCodec CODEC = new WireCodec(new WireValidator(16384));
    private final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private TestSocket(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        socket = builder.buildAsync(URI.create(uri.toString().replaceFirst("^http", "ws")), new Listener()).join();
    }

    public static TestSocket connect(URI uri) {
        return new TestSocket(uri, Map.of());
    }

    public static TestSocket connect(URI uri, Map<String, String> headers) {
        return new TestSocket(uri, headers);
    }

    /** Connects and says hello; the pod must answer with a new session's welcome. */
    public static TestSocket welcomed(URI uri) throws InterruptedException {
        TestSocket socket = connect(uri);
        ServerMessage.Welcome welcome = socket.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class);
        if (welcome.resumed()) {
            throw new AssertionError("a hello without a token resumed a session");
        }
        return socket;
    }

    public TestSocket send(String frame) {
        socket.sendText(frame, true).join();
        return this;
    }

    public <T extends ServerMessage> T await(Class<T> type) throws InterruptedException {
        List<ServerMessage> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ServerMessage next = received.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(next)) {
                return type.cast(next);
            }
            if (next != null) {
                skipped.add(next);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s; saw " + skipped);
    }

    /** The next frame, whatever it is: for checks that nothing arrived before an expected frame. */
    public ServerMessage awaitNext() throws InterruptedException {
        ServerMessage next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return next;
    }

    public int awaitClose() {
        return closeCode.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Drops the connection without a close handshake, like a lost network. */
    public void drop() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(CODEC.decodeServer(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }

}
