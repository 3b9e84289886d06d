package dev.ghostline.signaling.session;

import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.protocol.wire.WireCodec;
import dev.ghostline.signaling.SignalingMetrics;
import jakarta.inject.Singleton;

/**
 * The one way the pod speaks to a client: frames to a connection, frames to a session (sent now, or kept while
 * its client is away), errors and closes, so that every error and close is counted here. Nothing else writes to
 * a {@link ClientChannel} or calls {@link Session#deliver}.
 */
@Singleton
public class Replies {
    private final WireCodec codec;
    private final SignalingMetrics metrics;

    Replies(WireCodec codec, SignalingMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    public void send(ClientConnection connection, ServerMessage message) {
        connection.channel().send(codec.encode(message));
    }

    /** To the session's client: now when attached, otherwise kept (bounded) for its resume. */
    public void send(Session session, ServerMessage message) {
        session.deliver(codec.encode(message));
    }

    /** A partner's signal, already a whole server frame: passed on without another JSON pass. */
    public void relay(Session session, String frame) {
        session.deliver(frame);
    }

    /** Sends an error; a connection that has caused too many is closed with 4000. */
    public void error(ClientConnection connection, ErrorReply reply) {
        error(connection, reply.code(), reply.text());
    }

    /**
     * An error whose text the validator wrote (which field broke which rule); every other error is an
     * {@link ErrorReply}.
     */
    public void error(ClientConnection connection, ErrorCode code, String validatorText) {
        metrics.error(code);
        send(connection, new ServerMessage.Error(code, validatorText));
        if (code != ErrorCode.RATE_LIMITED && connection.countError()) {
            close(connection, CloseCode.TOO_MANY_ERRORS);
        }
    }

    /** An error for a session's client, delivered now or kept until it resumes. */
    public void error(Session session, ErrorReply reply) {
        metrics.error(reply.code());
        send(session, new ServerMessage.Error(reply.code(), reply.text()));
    }

    /** The token is forged, expired or revoked: the client must start again without it. */
    public void refuseToken(ClientConnection connection) {
        error(connection, ErrorReply.TOKEN_REJECTED);
        close(connection, CloseCode.TOKEN_REJECTED);
    }

    /** A new session from an address blocked after a revocation. */
    public void refuseAddress(ClientConnection connection) {
        error(connection, ErrorReply.ADDRESS_BLOCKED);
        close(connection, CloseCode.REVOKED);
    }

    /** A new session from a network that holds as many sessions on this pod as it may. */
    public void refuseTooManySessions(ClientConnection connection) {
        error(connection, ErrorReply.TOO_MANY_SESSIONS);
        close(connection, CloseCode.TOO_MANY_SESSIONS);
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
