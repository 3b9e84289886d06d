package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.SessionSnapshot;
import dev.ghostline.protocol.wire.ClientMessage;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ProtocolException;
import dev.ghostline.protocol.wire.WireCodec;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.ice.IceServerSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a client's frames do: the rate limit, decoding, and each message handed to the step it asks for
 * ({@link SessionOpener} for {@code hello}).
 */
@ApplicationScoped
public class SessionService {
    private final SessionRegistry registry;
    private final SessionLifecycle lifecycle;
    private final Matching matching;
    private final Relay relay;
    private final SessionOpener opener;
    private final IceServerSource iceServers;
    private final WireCodec codec;
    private final Replies replies;
    private final ModerationGate moderation;
    private final int maxFrameChars;

    SessionService(SessionRegistry registry, SessionLifecycle lifecycle, Matching matching, Relay relay,
                   SessionOpener opener, IceServerSource iceServers, WireCodec codec, Replies replies,
                   ModerationGate moderation, SignalingConfig config) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.matching = matching;
        this.relay = relay;
        this.opener = opener;
        this.iceServers = iceServers;
        this.codec = codec;
        this.replies = replies;
        this.moderation = moderation;
        this.maxFrameChars = config.maxFrameBytes();
    }

    /** One text frame from a client. */
    public void onFrame(ClientConnection connection, String frame) {
        if (connection.phase() == ClientConnection.Phase.CLOSED || !admitted(connection)) {
            return;
        }
        if (frame.length() > maxFrameChars) {
            onOversizedMessage(connection);
            return;
        }
        ClientMessage message;
        try {
            message = codec.decodeClient(frame);
        } catch (ProtocolException e) {
            replies.error(connection, e.code(), e.getMessage());
            return;
        }
        try {
            dispatch(connection, message);
        } catch (IllegalStateException e) {
            // jnats refuses to publish while its connection is closed or its reconnect buffer is full.
            replies.error(connection, ErrorReply.BUS_UNREACHABLE);
        }
    }

    private void dispatch(ClientConnection connection, ClientMessage message) {
        if (message instanceof ClientMessage.Hello hello) {
            opener.hello(connection, hello);
            return;
        }
        Session session = connection.session();
        if (session == null) {
            replies.error(connection, ErrorReply.HELLO_REQUIRED);
        } else if (message instanceof ClientMessage.Join join) {
            join(connection, session, join);
        } else if (message instanceof ClientMessage.Signal signal) {
            signal(connection, session, signal);
        } else if (message instanceof ClientMessage.RefreshIce) {
            replies.send(connection, iceServers.refreshed(connection.relayOnly()));
        } else if (message instanceof ClientMessage.Next) {
            next(connection, session);
        } else if (message instanceof ClientMessage.Leave) {
            matching.endMatchOrWait(session, PeerLeftReason.LEFT);
        } else if (message instanceof ClientMessage.Bye) {
            lifecycle.endSession(session, PeerLeftReason.BYE);
            replies.close(connection, CloseCode.NORMAL);
        }
    }

    /** A message larger than the WebSocket layer buffers. */
    public void onOversizedMessage(ClientConnection connection) {
        replies.close(connection, CloseCode.MESSAGE_TOO_BIG);
    }

    /** A binary frame: the protocol is text only. */
    public void onBinaryFrame(ClientConnection connection) {
        if (admitted(connection)) {
            replies.error(connection, ErrorReply.BINARY_FRAME);
        }
    }

    private boolean admitted(ClientConnection connection) {
        switch (connection.admit(System.nanoTime())) {
            case ACCEPT:
                return true;
            case DROP_AND_WARN:
                replies.error(connection, ErrorReply.RATE_LIMITED);
                return false;
            case CLOSE_FLOODING:
                replies.close(connection, CloseCode.FLOODING);
                return false;
            default:
                return false;
        }
    }

    private void join(ClientConnection connection, Session session, ClientMessage.Join join) {
        if (session.state() != Session.State.IDLE) {
            replies.error(connection, ErrorReply.ALREADY_JOINED);
            return;
        }
        if (!moderation.admitsNewMatch(session)) {
            replies.error(connection, ErrorReply.NO_NEW_MATCH);
            return;
        }
        matching.startWaiting(session, new SessionSnapshot.Join(join.mode(), join.lobby(), join.interests(), join.room()));
    }

    private void signal(ClientConnection connection, Session session, ClientMessage.Signal signal) {
        if (session.match() == null) {
            replies.error(connection, ErrorReply.NOT_MATCHED);
            return;
        }
        relay.send(session, signal.payload(), signal.seq());
    }

    private void next(ClientConnection connection, Session session) {
        SessionSnapshot.Join join = session.join();
        if (session.state() == Session.State.IDLE || join == null) {
            replies.error(connection, ErrorReply.NOT_JOINED);
            return;
        }
        if (!moderation.admitsNewMatch(session)) {
            // The call in progress goes on; only a new match is refused.
            replies.error(connection, ErrorReply.NO_NEW_MATCH);
            return;
        }
        matching.endMatchOrWait(session, PeerLeftReason.NEXT);
        matching.startWaiting(session, join);
    }

    /** The socket closed without bye: keep the session for the resume window. */
    public void onClose(ClientConnection connection) {
        connection.phase(ClientConnection.Phase.CLOSED);
        registry.closed(connection);
        Session session = connection.session();
        if (session != null) {
            lifecycle.detach(session, connection);
        }
    }
}
