package dev.ghostline.signaling.moderation;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.AddressHashes;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.SignalingMetrics;
import dev.ghostline.signaling.session.ClientConnection;
import dev.ghostline.signaling.session.ErrorReply;
import dev.ghostline.signaling.session.Matching;
import dev.ghostline.signaling.session.ModerationGate;
import dev.ghostline.signaling.session.Replies;
import dev.ghostline.signaling.session.Session;
import dev.ghostline.signaling.session.SessionLifecycle;
import dev.ghostline.signaling.session.SessionRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;

/**
 * Applies moderation decisions on this pod: ends a revoked session held here, blocks the address it used
 * (as a keyed hash: here at once, then broadcast to every pod), and answers whether a token, a new connection
 * or a new match may proceed. A blocked network keeps the calls it has, but starts no new match: its waits end
 * when the block arrives, and its {@code join} and {@code next} are refused until the block ends. Created at startup, so a block-ttl it cannot enforce stops the pod from starting.
 */
@Startup
@ApplicationScoped
public class Enforcement implements ModerationGate, DecisionListener {
    private final ModerationLedger ledger = new ModerationLedger();
    private final SessionRegistry registry;
    private final SessionLifecycle lifecycle;
    private final Matching matching;
    private final Replies replies;
    private final AddressHashes addressHashes;
    private final ModerationFeed feed;
    private final SignalingMetrics metrics;
    private final Clock clock;
    private final Duration blockTtl;

    Enforcement(SessionRegistry registry, SessionLifecycle lifecycle, Matching matching, Replies replies,
                AddressHashes addressHashes, ModerationFeed feed, SignalingMetrics metrics, Clock clock,
                SignalingConfig config) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.matching = matching;
        this.replies = replies;
        this.addressHashes = addressHashes;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
        checkSettings(config.moderation());
        this.blockTtl = config.moderation().blockTtl();
        metrics.gauge("ghostline.signaling.moderation.revocations", "Revoked sessions this pod refuses",
                ledger::revokedCount);
        metrics.gauge("ghostline.signaling.moderation.blocks", "Blocked address hashes this pod refuses",
                ledger::blockedCount);
        metrics.gauge("ghostline.signaling.moderation.blocks.unstored",
                "Blocks this pod made that the moderation stream has not stored yet", feed::unacknowledgedBlocks);
    }

    void start(@Observes StartupEvent event) {
        feed.follow(this);
    }

    /**
     * A block must be positive, and no longer than {@link AddressHashes#MAX_BLOCK}: pods check an address only
     * against today's and yesterday's key, so a longer block would silently stop holding after midnight.
     */
    static void checkSettings(SignalingConfig.Moderation settings) {
        Duration ttl = settings.blockTtl();
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(AddressHashes.MAX_BLOCK) > 0) {
            throw new IllegalArgumentException("ghostline.signaling.moderation.block-ttl must be positive and at most "
                    + AddressHashes.MAX_BLOCK.toHours() + "h");
        }
    }

    @Override
    public void revoked(BusMessage.SessionRevoked revoked) {
        ledger.revoke(revoked.session(), revoked.untilEpochSecond());
        registry.find(revoked.session()).ifPresent(this::end);
    }

    @Override
    public void blocked(BusMessage.AddressBlocked blocked) {
        ledger.block(blocked.addressHash(), blocked.untilEpochSecond());
        stopBlockedWaits();
    }

    @Override
    public boolean knowsEveryDecision() {
        return feed.caughtUp();
    }

    @Override
    public boolean admitsResume(String sessionId) {
        return !ledger.isRevoked(sessionId, now());
    }

    @Override
    public boolean admitsNewSession(ClientConnection connection) {
        boolean admitted = !isBlocked(connection.clientAddress());
        if (!admitted) {
            metrics.addressRefused();
        }
        return admitted;
    }

    @Override
    public boolean admitsNewMatch(Session session) {
        return !isBlocked(session.clientAddress());
    }

    @Override
    public void stopWaitIfBlocked(Session session, ClientConnection connection) {
        if (isBlocked(connection.clientAddress())) {
            stopWait(session);
        }
    }

    /** Whether the address hashes, under today's or yesterday's key, to a block in force. */
    private boolean isBlocked(String address) {
        return ledger.blockedCount() > 0 && address != null && !address.isEmpty()
                && ledger.isBlocked(addressHashes.candidates(address), now());
    }

    /** Ends the waits of sessions whose network is now blocked; their calls in progress go on. */
    private void stopBlockedWaits() {
        for (Session session : registry.sessions()) {
            if (session.state() == Session.State.WAITING && !admitsNewMatch(session)) {
                stopWait(session);
            }
        }
    }

    private void stopWait(Session session) {
        synchronized (session) {
            if (session.state() != Session.State.WAITING) {
                return;
            }
            matching.endMatchOrWait(session, PeerLeftReason.LEFT);
            replies.error(session, ErrorReply.NO_NEW_MATCH);
        }
    }

    /**
     * Forgets expired decisions and ends any revoked session that reached this pod after its revocation did
     * (a resume or handover in flight while the decision arrived).
     */
    @Override
    public void sweep() {
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
        if (lifecycle.revoke(session, this::block)) {
            metrics.sessionRevoked();
        }
    }

    /** Refused here from now on, before the client is told; other pods learn it through the stream. */
    private void block(String address) {
        long until = clock.instant().plus(blockTtl).getEpochSecond();
        BusMessage.AddressBlocked block = new BusMessage.AddressBlocked(addressHashes.hash(address), until);
        ledger.block(block.addressHash(), block.untilEpochSecond());
        feed.publish(block);
        stopBlockedWaits();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
