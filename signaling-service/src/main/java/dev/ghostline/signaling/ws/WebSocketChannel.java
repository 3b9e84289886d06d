package dev.ghostline.signaling.ws;

import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.signaling.session.ClientChannel;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/** A client channel over a WebSockets Next connection. Send failures mean the socket is gone: ignored. */
final class WebSocketChannel implements ClientChannel {
    private final WebSocketConnection connection;

    WebSocketChannel(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public void send(String frame) {
        connection.sendText(frame).subscribe().with(ok -> { }, failure -> { });
    }

    @Override
    public void close(CloseCode code) {
        connection.close(new CloseReason(code.code(), code.reason())).subscribe().with(ok -> { }, failure -> { });
    }
}
