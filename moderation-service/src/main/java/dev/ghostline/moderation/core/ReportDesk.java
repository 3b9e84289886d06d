package dev.ghostline.moderation.core;

import dev.ghostline.moderation.api.ModerationError;
import dev.ghostline.moderation.api.ModerationException;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.MatchTicket;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionToken;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.moderation.ReportReason;
import java.time.Clock;
import java.time.Duration;

/**
 * Takes reports and moderator revocations: checks the credentials, keeps the reporter to one report per match
 * and to its rate, updates the shared tally and publishes a revocation when the tally's write says so. Plain
 * Java: several desks on their own NATS connections behave like several replicas.
 */
public final class ReportDesk {
    private final MatchTickets tickets;
    private final SessionTokens tokens;
    private final TallyStore store;
    private final RevocationPublisher publisher;
    private final RateLimiter limiter;
    private final ThresholdRule rule;
    private final long windowMillis;
    private final Clock clock;
    private final ModerationEvents events;

    public ReportDesk(MatchTickets tickets, SessionTokens tokens, TallyStore store, RevocationPublisher publisher,
                      RateLimiter limiter, ThresholdRule rule, Duration window, Clock clock, ModerationEvents events) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("ghostline.moderation.window must be positive");
        }
        this.tickets = tickets;
        this.tokens = tokens;
        this.store = store;
        this.publisher = publisher;
        this.limiter = limiter;
        this.rule = rule;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.events = events;
    }

    /** The reporter is whoever {@code token} proves; the reported session is the other party of the ticket. */
    public ReportStatus report(String ticket, String token, ReportReason reason) {
        SessionToken reporter = tokens.verify(token)
                .orElseThrow(() -> new ModerationException(ModerationError.TOKEN_REJECTED));
        long wait = limiter.acquire(reporter.sessionId(), clock.millis());
        if (wait > 0) {
            throw new ModerationException(ModerationError.RATE_LIMITED, wait);
        }
        MatchTicket match = tickets.verify(ticket)
                .orElseThrow(() -> new ModerationException(ModerationError.TICKET_REJECTED));
        String reported = match.partnerOf(reporter.sessionId())
                .orElseThrow(() -> new ModerationException(ModerationError.NOT_A_PARTY));
        ReportStatus status = tally(match.matchId(), reporter.sessionId(), reported, reason);
        events.reportTaken(status);
        return status;
    }

    /** Revokes one party of a match at once, whatever its tally says. */
    public void revoke(String ticket, Party party, ReportReason reason) {
        MatchTicket match = tickets.verify(ticket)
                .orElseThrow(() -> new ModerationException(ModerationError.TICKET_REJECTED));
        String session = party.sessionOf(match);
        Tally.Change change = store.update(session, Tally::revoke);
        try {
            publish(session, reason);
        } catch (StoreUnavailableException e) {
            if (change.effect() == Tally.Effect.REVOKES) {
                store.undoRevocation(session);
            }
            throw e;
        }
        events.revocationPublished(ModerationEvents.Source.API, reason);
    }

    private ReportStatus tally(String matchId, String reporter, String reported, ReportReason reason) {
        if (!store.markReported(matchId, reporter)) {
            return ReportStatus.DUPLICATE;
        }
        Tally.Change change;
        try {
            change = store.update(reported, tally -> tally.add(reporter, reason, clock.millis(), windowMillis, rule));
        } catch (StoreUnavailableException e) {
            store.unmarkReported(matchId, reporter);
            throw e;
        }
        return switch (change.effect()) {
            case COUNTED -> ReportStatus.COUNTED;
            case ALREADY_COUNTED -> ReportStatus.DUPLICATE;
            case ALREADY_REVOKED -> ReportStatus.REVOKED;
            case REVOKES -> publishThresholdRevocation(reported, change.reason().orElseThrow());
        };
    }

    private ReportStatus publishThresholdRevocation(String reported, ReportReason reason) {
        try {
            publish(reported, reason);
        } catch (StoreUnavailableException e) {
            // The flag would stop every later report from publishing: take it back so the next one tries again.
            store.undoRevocation(reported);
            throw e;
        }
        events.revocationPublished(ModerationEvents.Source.REPORTS, reason);
        return ReportStatus.REVOKED;
    }

    private void publish(String session, ReportReason reason) {
        long until = clock.instant().plus(SessionTokens.MAX_TTL).getEpochSecond();
        publisher.publish(new BusMessage.SessionRevoked(session, reason, until));
    }
}
