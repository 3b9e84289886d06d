package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.SessionSnapshot;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.SessionToken;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.wire.ClientMessage;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ProtocolException;
import dev.ghostline.protocol.wire.WireCodec;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.SignalingMetrics;
import dev.ghostline.signaling.bus.Bus;
import dev.ghostline.signaling.ice.IceServerSource;
import dev.ghostline.signaling.moderation.Enforcement;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

/** What a client's frames do: the session life cycle from hello to bye. */
@ApplicationScoped
public class SessionService {
    /**
     * A relayed signal is this prefix, the client's payload text as it came (already checked to be one JSON
     * object within the limits) and a closing brace: the same text the codec would write, without a JSON
     * generator pass over kilobytes of SDP on the hot path.
     */
    private static final String SIGNAL_FRAME_PREFIX = "{\"type\":\"signal\",\"payload\":";

    private final SessionRegistry registry;
    private final SessionLifecycle lifecycle;
    private final Resumer resumer;
    private final IceServerSource iceServers;
    private final Bus bus;
    private final SessionTokens tokens;
    private final WireCodec codec;
    private final Replies replies;
    private final SignalingMetrics metrics;
    private final Enforcement enforcement;
    private final PodDrain drain;
    private final int maxFrameChars;

    SessionService(SessionRegistry registry, SessionLifecycle lifecycle, Resumer resumer, IceServerSource iceServers, Bus bus,
                   SessionTokens tokens, WireCodec codec, Replies replies, SignalingMetrics metrics,
                   Enforcement enforcement, PodDrain drain, SignalingConfig config) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.resumer = resumer;
        this.iceServers = iceServers;
        this.bus = bus;
        this.tokens = tokens;
        this.codec = codec;
        this.replies = replies;
        this.metrics = metrics;
        this.enforcement = enforcement;
        this.drain = drain;
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
            replies.error(connection, ErrorCode.UNAVAILABLE, "the message bus is unreachable; try again");
        }
    }

    private void dispatch(ClientConnection connection, ClientMessage message) {
        if (message instanceof ClientMessage.Hello hello) {
            hello(connection, hello);
            return;
        }
        Session session = connection.session();
        if (session == null) {
            replies.error(connection, ErrorCode.HELLO_REQUIRED, "send hello first, and wait for welcome");
        } else if (message instanceof ClientMessage.Join join) {
            join(connection, session, join);
        } else if (message instanceof ClientMessage.Signal signal) {
            signal(connection, session, signal);
        } else if (message instanceof ClientMessage.RefreshIce) {
            replies.send(connection, iceServers.refreshed(connection.relayOnly()));
        } else if (message instanceof ClientMessage.Next) {
            next(connection, session);
        } else if (message instanceof ClientMessage.Leave) {
            lifecycle.endMatchOrWait(session, PeerLeftReason.LEFT);
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
            replies.error(connection, ErrorCode.MALFORMED, "frames must be text");
        }
    }

    private boolean admitted(ClientConnection connection) {
        switch (connection.admit(System.nanoTime())) {
            case ACCEPT:
                return true;
            case DROP_AND_WARN:
                replies.error(connection, ErrorCode.RATE_LIMITED, "too many messages; this one was dropped");
                return false;
            case CLOSE_FLOODING:
                replies.close(connection, CloseCode.FLOODING);
                return false;
            default:
                return false;
        }
    }

    private void hello(ClientConnection connection, ClientMessage.Hello hello) {
        if (connection.phase() != ClientConnection.Phase.AWAITING_HELLO) {
            replies.error(connection, ErrorCode.ALREADY_WELCOMED, "this connection already said hello");
            return;
        }
        if (drain.draining()) {
            drain.sendElsewhere(connection);
            return;
        }
        if (!enforcement.knowsEveryDecision()) {
            // Readiness says so too, but not everything in front of a pod listens to readiness.
            replies.error(connection, ErrorCode.UNAVAILABLE, "this pod is starting; connect again shortly");
            replies.close(connection, CloseCode.GOING_AWAY);
            return;
        }
        connection.relayOnly(hello.relayOnly());
        if (hello.token() == null) {
            if (enforcement.admitsNewSession(connection)) {
                lifecycle.startFresh(connection);
            } else {
                replies.refuseAddress(connection);
            }
            return;
        }
        Optional<SessionToken> token = tokens.verify(hello.token()).filter(t -> enforcement.admitsResume(t.sessionId()));
        if (token.isEmpty()) {
            replies.refuseToken(connection);
            return;
        }
        connection.phase(ClientConnection.Phase.RESUMING);
        resumer.resume(connection, token.get().sessionId(), hello.token());
    }

    private void join(ClientConnection connection, Session session, ClientMessage.Join join) {
        if (session.state() != Session.State.IDLE) {
            replies.error(connection, ErrorCode.ALREADY_JOINED, "already waiting or matched; send leave or next");
            return;
        }
        if (!enforcement.admitsNewMatch(session)) {
            replies.error(connection, ErrorCode.ADDRESS_BLOCKED, Enforcement.NO_NEW_MATCH);
            return;
        }
        lifecycle.startWaiting(session, new SessionSnapshot.Join(join.mode(), join.lobby(), join.interests(), join.room()));
    }

    private void signal(ClientConnection connection, Session session, ClientMessage.Signal signal) {
        BusMessage.MatchView match = session.match();
        if (match == null) {
            replies.error(connection, ErrorCode.NOT_MATCHED, "no partner to signal");
            return;
        }
        String frame = SIGNAL_FRAME_PREFIX + signal.payload() + '}';
        Session partner = registry.find(match.partner()).orElse(null);
        if (partner != null && partner.isCurrentMatch(session.id(), null)) {
            // Both ends on this pod: hand the frame over here rather than through NATS and back, which cost
            // more CPU than the rest of the relay. Same check and delivery as BusInbox does for a relay.
            partner.deliver(frame);
            metrics.signalDelivered();
        } else {
            bus.publish(Subjects.session(match.partner()), new BusMessage.Relay(session.id(), frame));
        }
        metrics.signalRelayed();
    }

    private void next(ClientConnection connection, Session session) {
        SessionSnapshot.Join join = session.join();
        if (session.state() == Session.State.IDLE || join == null) {
            replies.error(connection, ErrorCode.NOT_JOINED, "join first");
            return;
        }
        if (!enforcement.admitsNewMatch(session)) {
            // The call in progress goes on; only a new match is refused.
            replies.error(connection, ErrorCode.ADDRESS_BLOCKED, Enforcement.NO_NEW_MATCH);
            return;
        }
        lifecycle.endMatchOrWait(session, PeerLeftReason.NEXT);
        lifecycle.startWaiting(session, join);
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
