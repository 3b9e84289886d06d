package dev.ghostline.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;

/** One client connection of the generator. Every callback runs on the Vert.x context that opened it. */
public final class Peer {
    /** What a scenario does with a peer's frames and its end. */
    public interface Listener {
        void onFrame(Peer peer, Dialect.Event event, String frame);

        void onClosed(Peer peer);
    }

    private final String id;
    private final Dialect dialect;
    private Listener listener;
    private WebSocket socket;
    private Context context;
    private boolean closing;

    public Peer(String id, Dialect dialect, Listener listener) {
        this.id = id;
        this.dialect = dialect;
        this.listener = listener;
    }

    /** Opens the socket (call on the context the peer should live on) and sends the dialect's greeting. */
    public Future<Peer> open(WebSocketClient client, URI url, String origin, String pairKey) {
        context = io.vertx.core.Vertx.currentContext();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(url.getHost()).setPort(url.getPort())
                .setURI(dialect.path(url.getPath(), id, pairKey))
                .addHeader("Origin", origin);
        return client.connect(options).map(ws -> {
            socket = ws;
            ws.textMessageHandler(frame -> listener.onFrame(this, dialect.classify(frame), frame));
            ws.closeHandler(v -> listener.onClosed(this));
            ws.exceptionHandler(e -> { });
            String greeting = dialect.greeting();
            if (greeting != null) {
                ws.writeTextMessage(greeting);
            }
            return this;
        });
    }

    public void send(String frame) {
        if (socket != null && !closing) {
            socket.writeTextMessage(frame);
        }
    }

    /** Closes the socket; {@link Listener#onClosed} still runs, and {@link #closing()} tells it was ours. */
    public void close() {
        closing = true;
        if (socket != null) {
            socket.close();
        }
    }

    public boolean closing() {
        return closing;
    }

    public String id() {
        return id;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Context context() {
        return context;
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }
}
