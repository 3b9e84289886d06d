package dev.ghostline.signaling.moderation;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.AddressHashes;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.SignalingMetrics;
import dev.ghostline.signaling.session.ClientConnection;
import dev.ghostline.signaling.session.Session;
import dev.ghostline.signaling.session.SessionLifecycle;
import dev.ghostline.signaling.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Applies moderation decisions on this pod: ends a revoked session held here, blocks the address it used
 * (as a keyed hash, broadcast to every pod), and answers whether a token or a new connection may proceed.
 */
@ApplicationScoped
public class Enforcement {
    private final ModerationLedger ledger = new ModerationLedger();
    private final SessionRegistry registry;
    private final SessionLifecycle lifecycle;
    private final AddressHashes addressHashes;
    private final ModerationFeed feed;
    private final SignalingMetrics metrics;
    private final Clock clock;
    private final Duration blockTtl;

    Enforcement(SessionRegistry registry, SessionLifecycle lifecycle, AddressHashes addressHashes,
                ModerationFeed feed, SignalingMetrics metrics, Clock clock, SignalingConfig config) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.addressHashes = addressHashes;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
        this.blockTtl = config.moderation().blockTtl();
    }

    void revoked(BusMessage.SessionRevoked revoked) {
        ledger.revoke(revoked.session(), revoked.untilEpochSecond());
        registry.find(revoked.session()).ifPresent(this::end);
    }

    void blocked(BusMessage.AddressBlocked blocked) {
        ledger.block(blocked.addressHash(), blocked.untilEpochSecond());
    }

    /** False for a token of a revoked session: it is refused on every pod until it would have expired. */
    public boolean admitsResume(String sessionId) {
        return !ledger.isRevoked(sessionId, now());
    }

    /** False while the connection's address is blocked. Resumes of other sessions from it are not affected. */
    public boolean admitsNewSession(ClientConnection connection) {
        String address = connection.clientAddress();
        if (ledger.blockedCount() == 0 || address == null || address.isEmpty()) {
            return true;
        }
        boolean admitted = !ledger.isBlocked(addressHashes.candidates(address), now());
        if (!admitted) {
            metrics.addressRefused();
        }
        return admitted;
    }

    /**
     * Forgets expired decisions and ends any revoked session that reached this pod after its revocation did
     * (a resume or handover in flight while the decision arrived).
     */
    void sweep() {
        long now = now();
        ledger.purge(now);
        if (ledger.revokedCount() > 0) {
            for (Session session : registry.sessions()) {
                if (ledger.isRevoked(session.id(), now)) {
                    end(session);
                }
            }
        }
    }

    private void end(Session session) {
        SessionLifecycle.Revocation ended = lifecycle.revoke(session);
        if (ended == null) {
            return;
        }
        metrics.sessionRevoked();
        String address = ended.clientAddress();
        if (address != null && !address.isEmpty()) {
            long until = clock.instant().plus(blockTtl).getEpochSecond();
            feed.publish(new BusMessage.AddressBlocked(addressHashes.hash(address), until));
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
