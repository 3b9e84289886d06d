package dev.ghostline.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smallest WebSocket relay Vert.x allows, as this machine's upper bound: two connections with the same
 * {@code ?pair=} key are joined and every frame of one is written to the other as it came, unparsed. Both get
 * one {@code {"type":"paired"}} frame when the pair is complete. No limits, no validation: never expose it.
 *
 * <p>Run: {@code java -cp ... dev.ghostline.bench.BareRelay PORT}; prints {@code listening PORT} when ready.
 */
public final class BareRelay {
    static final String PAIRED_TYPE = "paired";
    private static final String PAIRED_FRAME = "{\"type\":\"" + PAIRED_TYPE + "\"}";

    private final ConcurrentHashMap<String, ServerWebSocket> waiting = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
        BareRelay relay = new BareRelay();
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setMaxWebSocketFrameSize(65536).setMaxWebSocketMessageSize(65536)
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
        // One server instance per event loop, as a Quarkus pod has: connections spread over all cores.
        int instances = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < instances; i++) {
            HttpServer server = vertx.createHttpServer(options).webSocketHandler(relay::accept);
            server.listen().toCompletionStage().toCompletableFuture().join();
        }
        System.out.println("listening " + port);
    }

    private void accept(ServerWebSocket socket) {
        String query = socket.query();
        if (query == null || !query.startsWith("pair=")) {
            socket.close((short) 1008);
            return;
        }
        String key = query.substring(5);
        ServerWebSocket partner = waiting.remove(key);
        if (partner == null) {
            waiting.put(key, socket);
            socket.closeHandler(v -> waiting.remove(key, socket));
            return;
        }
        join(socket, partner);
        join(partner, socket);
        partner.writeTextMessage(PAIRED_FRAME);
        socket.writeTextMessage(PAIRED_FRAME);
    }

    private static void join(ServerWebSocket from, ServerWebSocket to) {
        from.frameHandler(to::writeFrame);
        from.closeHandler(v -> to.close());
    }
}
