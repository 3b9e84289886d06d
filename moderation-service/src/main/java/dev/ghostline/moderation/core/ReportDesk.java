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
 * and to its rate, counts the report in the shared store and publishes a revocation when a threshold is reached
 * and this desk won the claim to publish it. Plain Java: several desks on their own NATS connections behave like
 * several replicas.
 */
public final class ReportDesk {
    private final MatchTickets tickets;
    private final SessionTokens tokens;
    private final TallyStore store;
    private final RevocationPublisher publisher;
    private final RateLimiter limiter;
    private final ThresholdRule rule;
    private final long claimMillis;
    private final Clock clock;
    private final ModerationEvents events;

    /**
     * @param claimFor how long a desk holds the claim to publish a revocation: longer than a publication may
     *                 take, so no other desk publishes meanwhile; if this desk dies, another takes over after it
     */
    public ReportDesk(MatchTickets tickets, SessionTokens tokens, TallyStore store, RevocationPublisher publisher,
                      RateLimiter limiter, ThresholdRule rule, Duration claimFor, Clock clock, ModerationEvents events) {
        if (claimFor.isNegative() || claimFor.isZero()) {
            throw new IllegalArgumentException("the revocation claim must last a positive time");
        }
        this.tickets = tickets;
        this.tokens = tokens;
        this.store = store;
        this.publisher = publisher;
        this.limiter = limiter;
        this.rule = rule;
        this.claimMillis = claimFor.toMillis();
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
        // Published first, marked after: a failed publication leaves nothing to take back.
        publish(session, reason);
        store.markRevoked(session);
        events.revocationPublished(ModerationEvents.Source.API, reason);
    }

    private ReportStatus tally(String matchId, String reporter, String reported, ReportReason reason) {
        boolean firstForMatch = store.markReported(matchId, reporter);
        boolean added;
        try {
            if (store.isRevoked(reported)) {
                return firstForMatch ? ReportStatus.REVOKED : ReportStatus.DUPLICATE;
            }
            added = firstForMatch && store.addReport(reported, reporter, reason);
        } catch (StoreUnavailableException e) {
            if (firstForMatch) {
                store.unmarkReported(matchId, reporter);
            }
            throw e;
        }
        // Settled also when this report was counted before: the reporter's earlier request may have failed to
        // publish the revocation its report caused, and this retry completes it.
        TallyStore.Settlement settled = store.settle(reported, tally -> tally.decide(clock.millis(), rule),
                clock.millis() + claimMillis);
        return switch (settled.decision().step()) {
            case CLAIM -> publishClaimed(reported, settled.decision().reason().orElseThrow(), settled.claimRevision());
            case REVOKED -> added ? ReportStatus.REVOKED : ReportStatus.DUPLICATE;
            // IN_PROGRESS: another replica is publishing; this report is counted whatever comes of it.
            case BELOW_THRESHOLD, IN_PROGRESS -> added ? ReportStatus.COUNTED : ReportStatus.DUPLICATE;
        };
    }

    private ReportStatus publishClaimed(String reported, ReportReason reason, long claimRevision) {
        try {
            publish(reported, reason);
        } catch (StoreUnavailableException e) {
            // Give the claim back so the next report, or this reporter's retry, publishes. The reports stay.
            store.release(reported, claimRevision);
            throw e;
        }
        store.markRevoked(reported);
        events.revocationPublished(ModerationEvents.Source.REPORTS, reason);
        return ReportStatus.REVOKED;
    }

    private void publish(String session, ReportReason reason) {
        long until = clock.instant().plus(SessionTokens.MAX_TTL).getEpochSecond();
        publisher.publish(new BusMessage.SessionRevoked(session, reason, until));
    }
}
