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
    private volatile boolean overflowed;

    WebSocketChannel(WebSocketConnection connection, SendBacklog backlog) {
        this.connection = connection;
        this.backlog = backlog;
    }

    @Override
    public void send(String frame) {
        if (overflowed) {
            return;
        }
        int chars = frame.length();
        if (!backlog.tryAdd(chars)) {
            // Nothing after a dropped frame is sent: the client must not see a gap in the middle of a stream.
            overflowed = true;
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
