package dev.ghostline.signaling.ws;

import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.signaling.limits.SendBacklog;
import dev.ghostline.signaling.session.ClientChannel;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * A client channel over a WebSockets Next connection. Send failures mean the socket is gone: ignored. A client
 * whose unwritten backlog passes the cap is not reading: it is closed with 4013 rather than buffered without end.
 */
final class WebSocketChannel implements ClientChannel {
    private final WebSocketConnection connection;
    private final SendBacklog backlog;

    WebSocketChannel(WebSocketConnection connection, SendBacklog backlog) {
        this.connection = connection;
        this.backlog = backlog;
    }

    @Override
    public void send(String frame) {
        int chars = frame.length();
        if (!backlog.tryAdd(chars)) {
            close(CloseCode.NOT_READING);
            return;
        }
        connection.sendText(frame).subscribe().with(ok -> backlog.done(chars), failure -> backlog.done(chars));
    }

    @Override
    public void close(CloseCode code) {
        connection.close(new CloseReason(code.code(), code.reason())).subscribe().with(ok -> { }, failure -> { });
    }
}
