package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.wire.ClientMessage;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.protocol.wire.WireValidator;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.bus.Bus;
import dev.ghostline.signaling.ice.IceServerSource;
import dev.ghostline.signaling.limits.SessionsPerAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A session's life on this pod, from its first welcome to its end: started, attached to a connection
 * (a new one or a resume), detached when the socket drops, handed over to another pod, expired, ended or
 * revoked. Its waits and matches are {@link Matching}'s.
 */
@ApplicationScoped
public class SessionLifecycle {
    private static final Logger LOG = Logger.getLogger(SessionLifecycle.class);
    private final SessionRegistry registry;
    private final Matching matching;
    private final Bus bus;
    private final SessionTokens tokens;
    private final Replies replies;
    private final SignalingConfig config;
    private final Clock clock;
    private final ServerMessage.Limits limits;
    private final IceServerSource iceServers;
    private final SessionsPerAddress perAddress;
    private final Relay relay;

    SessionLifecycle(SessionRegistry registry, Matching matching, Relay relay, Bus bus, SessionTokens tokens,
                     Replies replies, SignalingConfig config, IceServerSource iceServers, SessionsPerAddress perAddress,
                     Clock clock) {
        this.relay = relay;
        this.registry = registry;
        this.matching = matching;
        this.bus = bus;
        this.tokens = tokens;
        this.replies = replies;
        this.config = config;
        this.clock = clock;
        this.limits = new ServerMessage.Limits(config.maxFrameBytes(), config.maxSignalBytes(),
                config.rate().messagesPerSecond(), config.rate().burst(),
                (int) config.resumeWindow().toSeconds(), WireValidator.MAX_INTERESTS);
        this.iceServers = iceServers;
        this.perAddress = perAddress;
    }

    public int recentLimit() {
        return config.recentPartners();
    }

    public int pendingLimit() {
        return config.pendingFrames();
    }

    /**
     * A brand-new session for this connection, unless its network holds as many sessions here as it may: then
     * the client gets {@code too-many-sessions} and close 4010.
     */
    public void startFresh(ClientConnection connection) {
        String network = connection.network();
        if (network != null && !perAddress.tryOpen(network)) {
            replies.refuseTooManySessions(connection);
            return;
        }
        String id = Ids.random();
        Session session = registry.addIfAbsent(new Session(id, recentLimit(), pendingLimit(), keepSignalsMillis()));
        session.countedNetwork(network);
        bus.subscribeSession(id);
        adopt(connection, session, tokens.issue(id, config.tokenTtl()), false, ClientMessage.NO_SEQ);
    }

    /** How long a session's sent signals are kept for a replay: as long as its partner may take to resume. */
    public long keepSignalsMillis() {
        return config.resumeWindow().toMillis();
    }

    /**
     * Attaches the session to the connection and tells the client where it stands: welcome, then its wait or
     * match, then anything kept while it was away. A resumed session's wait or room seat is announced again
     * from this pod: a random wait withdrawn when the client dropped comes back at its new join sequence, and
     * one the matchmaker still holds (the old connection had not closed yet) is refreshed with this pod's id.
     * {@code lastSeq}: the last signal the client has, from a resuming hello, or {@link ClientMessage#NO_SEQ}.
     */
    public void adopt(ClientConnection connection, Session session, String token, boolean resumed, long lastSeq) {
        ClientConnection replaced;
        synchronized (session) {
            if (!holds(session)) {
                replies.refuseToken(connection);
                return;
            }
            replaced = session.attach(connection);
            boolean open = connection.welcomed(session);
            if (!open) {
                detachHeld(session, connection);
            } else if (resumed) {
                // Under the session's lock: a match for this wait is delivered after the welcome and queued.
                matching.announceWait(session);
            }
            SignalLedger signals = resumed ? session.signals() : null;
            ServerMessage.IceServers ice = iceServers.refreshed(connection.relayOnly());
            replies.send(connection, new ServerMessage.Welcome(token, resumed, ice.iceServers(),
                    ice.iceTransportPolicy(), limits, signals == null ? null : signals.sentClientSeq()));
            if (resumed) {
                replayState(connection, session);
            }
            if (signals != null && lastSeq != ClientMessage.NO_SEQ) {
                relay.replayAfterResume(session, lastSeq, session.takePending());
            } else {
                session.flushPending();
            }
        }
        if (replaced != null) {
            replies.close(replaced, CloseCode.SESSION_TAKEN_OVER);
        }
    }

    /**
     * The client's socket closed without bye: the session stays for the resume window, and a random-mode wait
     * is withdrawn from matching at once ({@link Session#withdrawWait}) until the client is back. Nothing
     * happens when {@code dropped} is no longer the session's connection, and nothing is cancelled when this
     * pod no longer holds the session (it was handed over: the pod that has it now decides).
     */
    public void detach(Session session, ClientConnection dropped) {
        synchronized (session) {
            if (holds(session)) {
                detachHeld(session, dropped);
            } else {
                session.detach(dropped, clock.millis());
            }
        }
    }

    /** Call with the session's lock held and the session held by this pod. */
    private void detachHeld(Session session, ClientConnection dropped) {
        if (!session.detach(dropped, clock.millis())) {
            return;
        }
        long withdrawn = session.withdrawWait();
        if (withdrawn != Session.NO_WAIT) {
            // Published under the session's lock, so it precedes the re-announce of a resume on this pod.
            matching.cancelWait(session.id(), withdrawn);
        }
    }

    private void replayState(ClientConnection connection, Session session) {
        if (session.state() == Session.State.WAITING) {
            replies.send(connection, Matching.queued(session.join()));
        } else if (session.state() == Session.State.MATCHED) {
            replies.send(connection, Matching.matchedFrame(session.match()));
        }
    }

    /** Ends a detached session whose resume window has passed, unless it was resumed or handed over meanwhile. */
    public void expireIfAbandoned(Session session, long nowMillis, long windowMillis) {
        synchronized (session) {
            long detachedAt = session.detachedAtMillis();
            if (detachedAt >= 0 && nowMillis - detachedAt > windowMillis && holds(session)) {
                endSession(session, PeerLeftReason.TIMEOUT);
            }
        }
    }

    /** Ends the session for good: bye, an expired resume window. */
    public void endSession(Session session, PeerLeftReason reason) {
        matching.endMatchOrWait(session, reason);
        forget(session);
    }

    /**
     * Ends a session moderation revoked: the partner is told, {@code blockAddress} gets the address the session
     * last connected from (if it had one) before the client hears anything, then the client gets
     * {@code revoked} and close 4003. So a client that reconnects at once already finds its address blocked.
     * False when this pod no longer holds the session (handed over, or ended by a concurrent revocation).
     */
    public boolean revoke(Session session, Consumer<String> blockAddress) {
        ClientConnection connection;
        String address;
        synchronized (session) {
            if (!holds(session)) {
                return false;
            }
            matching.endMatchOrWait(session, PeerLeftReason.REVOKED);
            connection = session.connection();
            address = session.clientAddress();
            forget(session);
        }
        if (address != null && !address.isEmpty()) {
            blockAddress.accept(address);
        }
        if (connection != null) {
            replies.send(connection, new ServerMessage.Revoked());
            replies.close(connection, CloseCode.REVOKED);
        }
        return true;
    }

    private boolean holds(Session session) {
        return registry.find(session.id()).filter(held -> held == session).isPresent();
    }

    /**
     * Counts a session that came to this pod by resume under the network of the connection resuming it. It is
     * taken past the per-address cap: refusing it would end a call that is running.
     */
    public void countResumed(Session session, ClientConnection connection) {
        String network = connection.network();
        if (network != null) {
            perAddress.open(network);
            session.countedNetwork(network);
        }
    }

    /**
     * Another pod resumes this session (a claim): it gets everything, this pod lets go, and a client still
     * attached here is closed with 4009 (it resumed elsewhere).
     */
    public void handOver(Session session, String replyTo) {
        ClientConnection attached;
        BusMessage.Handover handover;
        synchronized (session) {
            handover = new BusMessage.Handover(session.snapshot());
            attached = session.connection();
            forget(session);
            if (session.match() != null) {
                bus.unwatchPartner(session.match().partner());
            }
        }
        try {
            bus.reply(replyTo, handover);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Too large for one NATS message, or NATS is down: the claiming pod hears nothing, falls back to a
            // locate at the partner's pod, and asks it for the signals again.
            LOG.warnf("handover not sent: %s", e.getClass().getSimpleName());
        }
        if (attached != null) {
            replies.close(attached, CloseCode.SESSION_TAKEN_OVER);
        }
    }

    /** Drops the session from this pod without telling anyone (it was handed over). */
    public void forget(Session session) {
        if (registry.remove(session)) {
            bus.unsubscribeSession(session.id());
            String counted = session.countedNetwork();
            if (counted != null) {
                perAddress.close(counted);
            }
        }
    }
}
