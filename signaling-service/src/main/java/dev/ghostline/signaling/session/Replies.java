package dev.ghostline.signaling.session;

import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.protocol.wire.WireCodec;
import dev.ghostline.signaling.SignalingMetrics;
import jakarta.inject.Singleton;

/** Everything the pod says to a client goes through here, so errors and closes are counted in one place. */
@Singleton
public class Replies {
    private final WireCodec codec;
    private final SignalingMetrics metrics;

    Replies(WireCodec codec, SignalingMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    public String encode(ServerMessage message) {
        return codec.encode(message);
    }

    public void send(ClientConnection connection, ServerMessage message) {
        connection.channel().send(codec.encode(message));
    }

    /** Sends an error; a connection that has caused too many is closed with 4000. */
    public void error(ClientConnection connection, ErrorCode code, String detail) {
        metrics.error(code);
        send(connection, new ServerMessage.Error(code, detail));
        if (code != ErrorCode.RATE_LIMITED && connection.countError()) {
            close(connection, CloseCode.TOO_MANY_ERRORS);
        }
    }

    /** The token is forged, expired or revoked: the client must start again without it. */
    public void refuseToken(ClientConnection connection) {
        error(connection, ErrorCode.TOKEN_REJECTED, "the token is not valid; start without one");
        close(connection, CloseCode.TOKEN_REJECTED);
    }

    /** A new session from an address blocked after a revocation. */
    public void refuseAddress(ClientConnection connection) {
        error(connection, ErrorCode.ADDRESS_BLOCKED, "new sessions from this network are paused");
        close(connection, CloseCode.REVOKED);
    }

    /** A new session from a network that holds as many sessions on this pod as it may. */
    public void refuseTooManySessions(ClientConnection connection) {
        error(connection, ErrorCode.TOO_MANY_SESSIONS, "too many sessions from this network; close one and retry");
        close(connection, CloseCode.TOO_MANY_SESSIONS);
    }

    /** An error for a session's client, delivered now or kept until it resumes. */
    public void error(Session session, ErrorCode code, String detail) {
        metrics.error(code);
        session.deliver(encode(new ServerMessage.Error(code, detail)));
    }

    public void close(ClientConnection connection, CloseCode code) {
        if (connection.phase() == ClientConnection.Phase.CLOSED) {
            return;
        }
        connection.phase(ClientConnection.Phase.CLOSED);
        metrics.closed(code);
        connection.channel().close(code);
    }
}
