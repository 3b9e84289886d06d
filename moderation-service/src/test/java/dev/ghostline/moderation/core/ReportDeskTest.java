package dev.ghostline.moderation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghostline.moderation.api.ModerationError;
import dev.ghostline.moderation.api.ModerationException;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.support.testing.RealNats;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The desk's failure paths against a real nats-server: a lost publication is retried, never lost. */
class ReportDeskTest {
    private static final ClusterSecret SECRET = ClusterSecret.of("report-desk-test-secret-0123456789abcdef");
    @RegisterExtension
    static final RealNats NATS = new RealNats();

    private final MatchTickets tickets = new MatchTickets(SECRET, Clock.systemUTC());
    private final SessionTokens tokens = new SessionTokens(SECRET, Clock.systemUTC());
    private final List<BusMessage.SessionRevoked> published = new CopyOnWriteArrayList<>();
    private final AtomicBoolean streamDown = new AtomicBoolean();

    @BeforeAll
    static void startNats() throws Exception {
        ModerationBuckets.ensure(NATS.connection(), Duration.ofMinutes(10), Duration.ofHours(2), 1);
    }

    @Test
    void aFailedPublicationIsTakenBackAndTheNextReportPublishes() {
        ReportDesk desk = desk();
        String reported = Ids.random();
        assertThat(report(desk, reported, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.COUNTED);

        streamDown.set(true);
        assertThatThrownBy(() -> report(desk, reported, ReportReason.MINOR_SAFETY))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(published).isEmpty();

        streamDown.set(false);
        assertThat(report(desk, reported, ReportReason.SPAM)).isEqualTo(ReportStatus.REVOKED);
        assertThat(published).singleElement().satisfies(r -> {
            assertThat(r.session()).isEqualTo(reported);
            assertThat(r.reason()).isEqualTo(ReportReason.MINOR_SAFETY);
        });
    }

    @Test
    void theSameReporterRetryingAfterAFailedPublicationCompletesTheRevocation() {
        ReportDesk desk = desk();
        String reported = Ids.random();
        assertThat(report(desk, reported, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.COUNTED);
        Reporter second = new Reporter(reported);

        streamDown.set(true);
        assertThatThrownBy(() -> second.report(desk, ReportReason.MINOR_SAFETY))
                .isInstanceOf(StoreUnavailableException.class);
        streamDown.set(false);

        // No other reporter comes: the retry alone must publish what its first attempt could not.
        assertThat(second.report(desk, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.REVOKED);
        assertThat(published).singleElement().extracting(BusMessage.SessionRevoked::session).isEqualTo(reported);
        assertThat(second.report(desk, ReportReason.MINOR_SAFETY)).as("once stored, a repeat changes nothing")
                .isEqualTo(ReportStatus.DUPLICATE);
        assertThat(published).hasSize(1);
    }

    @Test
    void aReportWhileAnotherReplicaPublishesIsCountedAndKept() {
        ReportDesk desk = desk();
        TallyStore other = new TallyStore(NATS.connection(), 8);
        String reported = Ids.random();
        assertThat(report(desk, reported, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.COUNTED);
        // Another replica holds the claim (it is publishing, or died doing so).
        TallyStore.Settlement held = other.settle(reported,
                tally -> Tally.Decision.claim(ReportReason.MINOR_SAFETY), System.currentTimeMillis() + 60_000);
        assertThat(held.decision().step()).isEqualTo(Tally.Step.CLAIM);

        assertThat(report(desk, reported, ReportReason.SPAM)).isEqualTo(ReportStatus.COUNTED);
        assertThat(published).as("the claim holder publishes, nobody else").isEmpty();
        assertThat(other.read(reported).reasons()).containsExactlyInAnyOrder(ReportReason.MINOR_SAFETY,
                ReportReason.SPAM);

        // Its publication failed: the claim is given back and the next report publishes, nothing lost.
        other.release(reported, held.claimRevision());
        assertThat(report(desk, reported, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.REVOKED);
        assertThat(published).singleElement().extracting(BusMessage.SessionRevoked::session).isEqualTo(reported);
    }

    @Test
    void aClaimWhoseHolderDiedLapsesAndTheNextReportPublishes() {
        ReportDesk desk = desk();
        String reported = Ids.random();
        assertThat(report(desk, reported, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.COUNTED);
        new TallyStore(NATS.connection(), 8).settle(reported, tally -> Tally.Decision.claim(ReportReason.MINOR_SAFETY),
                System.currentTimeMillis() - 1);

        assertThat(report(desk, reported, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.REVOKED);
        assertThat(published).singleElement().extracting(BusMessage.SessionRevoked::session).isEqualTo(reported);
    }

    @Test
    void aLostCompareAndSetIsCountedReadAgainAndDoesNotPublish() {
        TallyStore mine = new TallyStore(NATS.connection(), 8);
        TallyStore theirs = new TallyStore(NATS.connection(), 8);
        String reported = Ids.random();
        mine.addReport(reported, Ids.random(), ReportReason.SPAM);
        ThresholdRule oneReport = alwaysRevokes();
        long until = System.currentTimeMillis() + 60_000;
        AtomicBoolean first = new AtomicBoolean(true);
        // Between this store's read and its write, the other store claims: the race, made deterministic.
        TallyStore.Settlement settled = mine.settle(reported, tally -> {
            if (first.getAndSet(false)) {
                theirs.settle(reported, t -> t.decide(System.currentTimeMillis(), oneReport), until);
            }
            return tally.decide(System.currentTimeMillis(), oneReport);
        }, until);

        assertThat(mine.conflicts()).isEqualTo(1);
        assertThat(theirs.conflicts()).isZero();
        assertThat(settled.decision().step()).as("read again, it finds the other claim").isEqualTo(Tally.Step.IN_PROGRESS);
    }

    @Test
    void afterAModeratorRevocationReportsPublishNothing() {
        ReportDesk desk = desk();
        String offerer = Ids.random();
        String answerer = Ids.random();
        desk.revoke(tickets.issue(Ids.random(), offerer, answerer, Duration.ofHours(2)), Party.OFFERER,
                ReportReason.HATE);
        assertThat(published).singleElement().extracting(BusMessage.SessionRevoked::session).isEqualTo(offerer);

        assertThat(report(desk, offerer, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.REVOKED);
        assertThat(report(desk, offerer, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.REVOKED);
        assertThat(published).hasSize(1);
    }

    @Test
    void theRevocationLastsAsLongAsAnyToken() {
        ReportDesk desk = desk();
        desk.revoke(tickets.issue(Ids.random(), Ids.random(), Ids.random(), Duration.ofHours(2)), Party.ANSWERER,
                ReportReason.SPAM);
        long expected = Clock.systemUTC().instant().plus(SessionTokens.MAX_TTL).getEpochSecond();
        assertThat(published.get(0).untilEpochSecond()).isBetween(expected - 5, expected);
    }

    @Test
    void aReporterWhoIsNotAPartyIsRefusedBeforeAnythingIsStored() {
        ReportDesk desk = desk();
        String ticket = tickets.issue(Ids.random(), Ids.random(), Ids.random(), Duration.ofHours(2));
        assertThatThrownBy(() -> desk.report(ticket, tokens.issue(Ids.random(), Duration.ofHours(1)),
                ReportReason.SPAM))
                .isInstanceOfSatisfying(ModerationException.class,
                        e -> assertThat(e.error()).isEqualTo(ModerationError.NOT_A_PARTY));
    }

    private ReportStatus report(ReportDesk desk, String reported, ReportReason reason) {
        return new Reporter(reported).report(desk, reason);
    }

    /** A fresh session matched with {@code reported}, with its ticket and token. */
    private final class Reporter {
        private final String ticket;
        private final String token;

        Reporter(String reported) {
            String reporter = Ids.random();
            this.ticket = tickets.issue(Ids.random(), reported, reporter, Duration.ofHours(2));
            this.token = tokens.issue(reporter, Duration.ofHours(1));
        }

        ReportStatus report(ReportDesk desk, ReportReason reason) {
            return desk.report(ticket, token, reason);
        }
    }

    private static ThresholdRule alwaysRevokes() {
        Map<ReportReason, Integer> thresholds = new EnumMap<>(ReportReason.class);
        for (ReportReason reason : ReportReason.values()) {
            thresholds.put(reason, 1);
        }
        return new ThresholdRule(thresholds);
    }

    private ReportDesk desk() {
        Map<ReportReason, Integer> thresholds = new EnumMap<>(ReportReason.class);
        for (ReportReason reason : ReportReason.values()) {
            thresholds.put(reason, reason == ReportReason.MINOR_SAFETY ? 2 : 3);
        }
        RevocationPublisher publisher = revocation -> {
            if (streamDown.get()) {
                throw new StoreUnavailableException(null);
            }
            published.add(revocation);
        };
        return new ReportDesk(tickets, tokens, new TallyStore(NATS.connection(), 8), publisher,
                new RateLimiter(10, Duration.ofMinutes(1), 1000), new ThresholdRule(thresholds),
                Duration.ofSeconds(10), Clock.systemUTC(), ModerationEvents.NONE);
    }
}
