package dev.ghostline.signaling.ws;

import dev.ghostline.protocol.crypto.AddressHashes;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.limits.ClientAddressResolver;
import dev.ghostline.signaling.limits.SendBacklog;
import dev.ghostline.signaling.limits.TokenBucket;
import dev.ghostline.signaling.session.ClientConnection;
import dev.ghostline.signaling.session.SessionRegistry;
import dev.ghostline.signaling.session.SessionService;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/** The client WebSocket at /ws: maps socket events to the session service and nothing more. */
@WebSocket(path = "/ws")
public class SignalingEndpoint {
    private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class);
    private static final UserData.TypedKey<ClientConnection> CLIENT = new UserData.TypedKey<>("ghostline.client");

    private final SessionService sessions;
    private final SessionRegistry registry;
    private final ClientAddressResolver addresses;
    private final AddressHashes networks;
    private final SignalingConfig config;

    SignalingEndpoint(SessionService sessions, SessionRegistry registry, ClientAddressResolver addresses,
                      AddressHashes networks, SignalingConfig config) {
        this.sessions = sessions;
        this.registry = registry;
        this.addresses = addresses;
        this.networks = networks;
        this.config = config;
    }

    @OnOpen
    @NonBlocking
    void onOpen(WebSocketConnection socket) {
        long now = System.nanoTime();
        String address = addresses.resolve(socket.handshakeRequest().remoteAddress(),
                socket.handshakeRequest().headers("X-Forwarded-For"));
        // Only a public address is a network (docs/architecture.md, "Networks"): every browser beside a pod
        // shares 127.0.0.1, and behind proxies set wrong every client would share the proxy's private address.
        String network = ClientAddressResolver.isPublic(address) ? networks.network(address) : null;
        ClientConnection client = new ClientConnection(new WebSocketChannel(socket, new SendBacklog(config.maxSendBacklogBytes())), address,
                network, new TokenBucket(config.rate().messagesPerSecond(), config.rate().burst(), now),
                config.rate().floodThreshold(), config.maxErrors(), now);
        socket.userData().put(CLIENT, client);
        registry.opened(client);
    }

    @OnTextMessage
    @NonBlocking
    void onText(WebSocketConnection socket, String frame) {
        sessions.onFrame(socket.userData().get(CLIENT), frame);
    }

    @OnBinaryMessage
    @NonBlocking
    void onBinary(WebSocketConnection socket, Buffer frame) {
        sessions.onBinaryFrame(socket.userData().get(CLIENT));
    }

    @OnPongMessage
    @NonBlocking
    void onPong(WebSocketConnection socket, Buffer data) {
        socket.userData().get(CLIENT).touch(System.nanoTime());
    }

    @OnClose
    @NonBlocking
    void onClose(WebSocketConnection socket) {
        ClientConnection client = socket.userData().get(CLIENT);
        if (client != null) {
            sessions.onClose(client);
        }
    }

    @OnError
    @NonBlocking
    void onError(WebSocketConnection socket, Throwable failure) {
        ClientConnection client = socket.userData().get(CLIENT);
        if (failure instanceof IllegalStateException && client != null && isMessageTooBig(failure)) {
            // Vert.x reports a message over the WebSocket layer's cap this way and keeps the socket open.
            sessions.onOversizedMessage(client);
            return;
        }
        // Class name only: exception messages can quote client input.
        LOG.debugf("websocket failure: %s", failure.getClass().getSimpleName());
    }

    /** Vert.x has no type for this failure; its fixed text is the only mark (it quotes sizes, never content). */
    private static boolean isMessageTooBig(Throwable failure) {
        String message = failure.getMessage();
        return message != null && message.contains("max message size");
    }
}
