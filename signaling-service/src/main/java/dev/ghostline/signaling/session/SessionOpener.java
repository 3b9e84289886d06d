package dev.ghostline.signaling.session;

import dev.ghostline.protocol.crypto.SessionToken;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.wire.ClientMessage;
import dev.ghostline.protocol.wire.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A connection's {@code hello}: a new session, a resumed one, or a refusal (a second hello, a draining pod, a
 * pod that has not read every moderation decision yet, a blocked address, a bad or revoked token).
 */
@ApplicationScoped
public class SessionOpener {
    private final SessionLifecycle lifecycle;
    private final Resumer resumer;
    private final SessionTokens tokens;
    private final Replies replies;
    private final ModerationGate moderation;
    private final PodDrain drain;

    SessionOpener(SessionLifecycle lifecycle, Resumer resumer, SessionTokens tokens, Replies replies,
                  ModerationGate moderation, PodDrain drain) {
        this.lifecycle = lifecycle;
        this.resumer = resumer;
        this.tokens = tokens;
        this.replies = replies;
        this.moderation = moderation;
        this.drain = drain;
    }

    public void hello(ClientConnection connection, ClientMessage.Hello hello) {
        if (connection.phase() != ClientConnection.Phase.AWAITING_HELLO) {
            replies.error(connection, ErrorReply.ALREADY_WELCOMED);
            return;
        }
        if (drain.draining()) {
            drain.sendElsewhere(connection);
            return;
        }
        if (!moderation.knowsEveryDecision()) {
            // Readiness says so too, but not everything in front of a pod listens to readiness.
            replies.error(connection, ErrorReply.POD_STARTING);
            replies.close(connection, CloseCode.GOING_AWAY);
            return;
        }
        connection.relayOnly(hello.relayOnly());
        if (hello.token() == null) {
            if (moderation.admitsNewSession(connection)) {
                lifecycle.startFresh(connection);
            } else {
                replies.refuseAddress(connection);
            }
            return;
        }
        Optional<SessionToken> token = tokens.verify(hello.token()).filter(t -> moderation.admitsResume(t.sessionId()));
        if (token.isEmpty()) {
            replies.refuseToken(connection);
            return;
        }
        connection.phase(ClientConnection.Phase.RESUMING);
        resumer.resume(connection, token.get().sessionId(), hello.token(), hello.lastSeq());
    }
}
