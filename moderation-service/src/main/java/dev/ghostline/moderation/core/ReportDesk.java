package dev.ghostline.moderation.core;

import dev.ghostline.moderation.api.ModerationError;
import dev.ghostline.moderation.api.ModerationException;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.MatchTicket;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionToken;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.protocol.wire.Role;
import java.time.Clock;
import java.time.Duration;

/**
 * Takes reports and moderator revocations: checks the credentials (a revoked session's token reports no one),
 * keeps the reporter to one report per match and to its rate, counts the reporter's network once per reported
 * session in the shared store and publishes a revocation when a threshold is reached and this desk won the claim
 * to publish it. Plain Java: several desks on their own NATS connections behave like several replicas.
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

    /**
     * The reporter is whoever {@code token} proves; the reported session is the other party of the ticket. What is
     * counted is the reporter's network as the ticket seals it, so several sessions (tabs, reloads) of one network
     * count once, whatever address each request comes from.
     */
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
        String network = match.networkOf(reporter.sessionId())
                .orElseThrow(() -> new ModerationException(ModerationError.NOT_A_PARTY));
        // After every check that costs no NATS round trip, so a flood of bad requests never reaches the store; the
        // rate limit above also bounds how often one revoked token makes this read.
        if (store.isRevoked(reporter.sessionId())) {
            throw new ModerationException(ModerationError.TOKEN_REJECTED);
        }
        ReportStatus status = tally(new Report(match.matchId(), reporter.sessionId(), network, reported), reason);
        events.reportTaken(status);
        return status;
    }

    /** Revokes one party of a match at once, whatever its tally says. */
    public void revoke(String ticket, Role party, ReportReason reason) {
        MatchTicket match = tickets.verify(ticket)
                .orElseThrow(() -> new ModerationException(ModerationError.TICKET_REJECTED));
        String session = match.sessionOf(party);
        // Published first, recorded after: a failed publication leaves nothing to take back, and a failed record
        // leaves the revocation in force on the pods (see TallyStore.markRevoked).
        publish(session, reason);
        store.markRevoked(session);
        events.revocationPublished(ModerationEvents.Source.API, reason);
    }

    /** One report: who sent it in which match, from which network, against whom. Never logged. */
    private record Report(String matchId, String reporter, String network, String reported) {
    }

    private ReportStatus tally(Report report, ReportReason reason) {
        // One report per reporter session per match; one count per network per reported session.
        boolean firstForMatch = store.markReported(report.matchId(), report.reporter());
        boolean added;
        try {
            if (store.isRevoked(report.reported())) {
                return firstForMatch ? ReportStatus.REVOKED : ReportStatus.DUPLICATE;
            }
            added = firstForMatch && store.addReport(report.reported(), report.network(), reason);
        } catch (StoreUnavailableException e) {
            if (firstForMatch) {
                store.unmarkReported(report.matchId(), report.reporter());
            }
            throw e;
        }
        // Settled also when this report was counted before: the reporter's earlier request may have failed to
        // publish the revocation its report caused, and this retry completes it.
        TallyStore.Settlement settled = store.settle(report.reported(), tally -> tally.decide(clock.millis(), rule),
                clock.millis() + claimMillis);
        return switch (settled.decision().step()) {
            case CLAIM -> publishClaimed(report.reported(), settled.decision().reason().orElseThrow(),
                    settled.claimRevision());
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
