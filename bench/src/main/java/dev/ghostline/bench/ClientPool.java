package dev.ghostline.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket clients bound to successive loopback source addresses (127.0.0.1, 127.0.0.2, ...), so the
 * generator can hold more connections to one server port than one address has ephemeral ports.
 */
public final class ClientPool {
    private final Vertx vertx;
    private final int perAddress;
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final AtomicLong handedOut = new AtomicLong();

    public ClientPool(Vertx vertx, int perAddress) {
        this.vertx = vertx;
        this.perAddress = perAddress;
    }

    /** The client for the next connection: a new source address every {@code perAddress} connections. */
    public synchronized WebSocketClient next() {
        int index = (int) (handedOut.getAndIncrement() / perAddress);
        while (clients.size() <= index) {
            clients.add(vertx.createWebSocketClient(options(clients.size())));
        }
        return clients.get(index);
    }

    /** How many source addresses were used. */
    public synchronized int addresses() {
        return clients.size();
    }

    static String sourceAddress(int index) {
        if (index > 250) {
            throw new IllegalArgumentException("more than 250 loopback source addresses");
        }
        return "127.0.0." + (index + 1);
    }

    private WebSocketClientOptions options(int index) {
        return new WebSocketClientOptions()
                .setLocalAddress(sourceAddress(index))
                .setMaxConnections(Integer.MAX_VALUE)
                .setMaxFrameSize(65536)
                .setMaxMessageSize(65536)
                .setTryUsePerFrameCompression(false)
                .setTryUsePerMessageCompression(false)
                .setConnectTimeout(30_000);
    }
}
