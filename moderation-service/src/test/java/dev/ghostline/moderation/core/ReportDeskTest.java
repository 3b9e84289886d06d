package dev.ghostline.moderation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ghostline.moderation.api.ModerationError;
import dev.ghostline.moderation.api.ModerationException;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.protocol.wire.Role;
import dev.ghostline.support.testing.RealNats;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The desk against a real nats-server: a lost publication is retried, never lost; a network counts once; a
 * revoked session reports no one, on any replica.
 */
class ReportDeskTest {
    private static final ClusterSecret SECRET = ClusterSecret.of("report-desk-test-secret-0123456789abcdef");
    @RegisterExtension
    static final RealNats NATS = new RealNats();

    private final MatchTickets tickets = new MatchTickets(SECRET, Clock.systemUTC());
    private final SessionTokens tokens = new SessionTokens(SECRET, Clock.systemUTC());
    private final List<BusMessage.SessionRevoked> published = new CopyOnWriteArrayList<>();
    private final AtomicBoolean streamDown = new AtomicBoolean();
    /** NATS loses the revoked-sessions bucket right after the stream stored a revocation. */
    private final AtomicBoolean recordLost = new AtomicBoolean();

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
        desk.revoke(ticket(offerer, answerer), Role.OFFERER, ReportReason.HATE);
        assertThat(published).singleElement().extracting(BusMessage.SessionRevoked::session).isEqualTo(offerer);

        assertThat(report(desk, offerer, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.REVOKED);
        assertThat(report(desk, offerer, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.REVOKED);
        assertThat(published).hasSize(1);
    }

    @Test
    void theRevocationLastsAsLongAsAnyToken() {
        ReportDesk desk = desk();
        desk.revoke(ticket(Ids.random(), Ids.random()), Role.ANSWERER, ReportReason.SPAM);
        long expected = Clock.systemUTC().instant().plus(SessionTokens.MAX_TTL).getEpochSecond();
        assertThat(published.get(0).untilEpochSecond()).isBetween(expected - 5, expected);
    }

    @Test
    void aReporterWhoIsNotAPartyIsRefusedBeforeAnythingIsStored() {
        ReportDesk desk = desk();
        String ticket = ticket(Ids.random(), Ids.random());
        assertThatThrownBy(() -> desk.report(ticket, tokens.issue(Ids.random(), Duration.ofHours(1)),
                ReportReason.SPAM))
                .isInstanceOfSatisfying(ModerationException.class,
                        e -> assertThat(e.error()).isEqualTo(ModerationError.NOT_A_PARTY));
    }

    @Test
    void sessionsOfOneNetworkCountAsOneReporterWhicheverMatchTheyReportFrom() {
        ReportDesk desk = desk();
        String reported = Ids.random();
        String network = Ids.random();
        Reporter firstTab = new Reporter(reported, network);
        Reporter secondTab = new Reporter(reported, network);

        assertThat(firstTab.report(desk, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.COUNTED);
        assertThat(secondTab.report(desk, ReportReason.MINOR_SAFETY))
                .as("another session, another match, the same network").isEqualTo(ReportStatus.DUPLICATE);

        assertThat(published).as("one network does not reach a threshold of 2").isEmpty();
        Tally tally = new TallyStore(NATS.connection(), 8).read(reported);
        assertThat(tally.reasons()).containsExactly(ReportReason.MINOR_SAFETY);
        assertThat(tally.claim()).isNull();
    }

    @Test
    void threeNetworksRevokeAtAThresholdOfThreeWhateverTheirOtherSessionsAdd() {
        ReportDesk desk = desk();
        String reported = Ids.random();
        String first = Ids.random();
        assertThat(new Reporter(reported, first).report(desk, ReportReason.HARASSMENT))
                .isEqualTo(ReportStatus.COUNTED);
        assertThat(new Reporter(reported, first).report(desk, ReportReason.HARASSMENT))
                .isEqualTo(ReportStatus.DUPLICATE);
        assertThat(new Reporter(reported).report(desk, ReportReason.HARASSMENT)).isEqualTo(ReportStatus.COUNTED);
        assertThat(published).isEmpty();

        assertThat(new Reporter(reported).report(desk, ReportReason.HARASSMENT)).isEqualTo(ReportStatus.REVOKED);
        assertThat(published).singleElement().satisfies(r -> {
            assertThat(r.session()).isEqualTo(reported);
            assertThat(r.reason()).isEqualTo(ReportReason.HARASSMENT);
        });
    }

    @Test
    void aSessionRevokedByReportsCannotReportItsReportersOnAnyReplica() throws Exception {
        ReportDesk desk = desk();
        String reported = Ids.random();
        Reporter first = new Reporter(reported);
        Reporter second = new Reporter(reported);
        assertThat(first.report(desk, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.COUNTED);
        assertThat(second.report(desk, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.REVOKED);
        String revokedToken = tokens.issue(reported, Duration.ofHours(1));
        // A replica started after the revocation: its own connection, nothing of it in memory.
        ReportDesk otherReplica = desk(NATS.connect(), Duration.ofSeconds(10));

        assertRefused(() -> desk.report(first.ticket, revokedToken, ReportReason.MINOR_SAFETY),
                ModerationError.TOKEN_REJECTED);
        assertRefused(() -> otherReplica.report(second.ticket, revokedToken, ReportReason.MINOR_SAFETY),
                ModerationError.TOKEN_REJECTED);

        TallyStore store = new TallyStore(NATS.connection(), 8);
        assertThat(store.read(first.session).reasons()).isEmpty();
        assertThat(store.read(second.session).reasons()).isEmpty();
        assertThat(published).singleElement().extracting(BusMessage.SessionRevoked::session).isEqualTo(reported);
    }

    @Test
    void aSessionRevokedByAModeratorCannotReportOnAnyReplica() throws Exception {
        ReportDesk desk = desk();
        String offerer = Ids.random();
        String answerer = Ids.random();
        String ticket = ticket(offerer, answerer);
        desk.revoke(ticket, Role.OFFERER, ReportReason.HATE);
        ReportDesk otherReplica = desk(NATS.connect(), Duration.ofSeconds(10));
        String offererToken = tokens.issue(offerer, Duration.ofHours(1));

        assertRefused(() -> desk.report(ticket, offererToken, ReportReason.SPAM), ModerationError.TOKEN_REJECTED);
        assertRefused(() -> otherReplica.report(ticket, offererToken, ReportReason.SPAM),
                ModerationError.TOKEN_REJECTED);

        assertThat(new TallyStore(NATS.connection(), 8).read(answerer).reasons()).isEmpty();
        // The partner still reports the revoked session, and hears that it is revoked.
        assertThat(otherReplica.report(ticket, tokens.issue(answerer, Duration.ofHours(1)), ReportReason.SPAM))
                .isEqualTo(ReportStatus.REVOKED);
        assertThat(published).singleElement().extracting(BusMessage.SessionRevoked::session).isEqualTo(offerer);
    }

    @Test
    void aRevocationWhoseRecordWasLostIsRecordedByTheNextPublication() throws Exception {
        // A short claim, so that the one left undone lapses quickly.
        ReportDesk desk = desk(NATS.connection(), Duration.ofMillis(300));
        TallyStore store = new TallyStore(NATS.connection(), 8);
        String reported = Ids.random();
        Reporter first = new Reporter(reported);
        assertThat(first.report(desk, ReportReason.MINOR_SAFETY)).isEqualTo(ReportStatus.COUNTED);
        try {
            recordLost.set(true);
            assertThat(report(desk, reported, ReportReason.MINOR_SAFETY)).as("stored in the stream")
                    .isEqualTo(ReportStatus.REVOKED);
        } finally {
            recordLost.set(false);
            ModerationBuckets.ensure(NATS.connection(), Duration.ofMinutes(10), Duration.ofHours(2), 1);
        }
        assertThat(store.isRevoked(reported)).isFalse();
        assertThat(store.read(reported).revoked()).as("the claim is left to lapse, not marked done").isFalse();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> !store.read(reported).claim().heldAt(System.currentTimeMillis()));
        assertThat(report(desk, reported, ReportReason.SPAM)).isEqualTo(ReportStatus.REVOKED);

        assertThat(published).hasSize(2).allSatisfy(r -> assertThat(r.session()).isEqualTo(reported));
        assertThat(store.isRevoked(reported)).isTrue();
        assertRefused(() -> desk.report(first.ticket, tokens.issue(reported, Duration.ofHours(1)),
                ReportReason.SPAM), ModerationError.TOKEN_REJECTED);
    }

    @Test
    void revokedSessionsAreKeptInMemoryAsLongAsAnyOfTheirTokensCanLive() throws Exception {
        StreamConfiguration bucket = NATS.connection().jetStreamManagement()
                .getStreamInfo(ModerationBuckets.streamOf(ModerationBuckets.REVOKED)).getConfiguration();
        // The stream's own age limit: a token lives 24 h, plus the slack between the publisher's and NATS' clocks.
        assertThat(bucket.getMaxAge()).isEqualTo(ModerationStream.MAX_AGE)
                .isEqualTo(SessionTokens.MAX_TTL.plusMinutes(5));
        assertThat(bucket.getStorageType()).isEqualTo(StorageType.Memory);
        assertThat(bucket.getAllowDirect()).isFalse();
    }

    private ReportStatus report(ReportDesk desk, String reported, ReportReason reason) {
        return new Reporter(reported).report(desk, reason);
    }

    private static void assertRefused(ThrowingCallable call, ModerationError error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ModerationException.class,
                e -> assertThat(e.error()).isEqualTo(error));
    }

    /** A ticket of a fresh match between two sessions, each on a network of its own. */
    private String ticket(String offerer, String answerer) {
        return tickets.issue(Ids.random(), offerer, answerer, Ids.random(), Ids.random(), Duration.ofHours(2));
    }

    /**
     * A fresh session matched with {@code reported} (a fresh match, in which {@code reported} joined from a network
     * of its own), with its ticket and token.
     */
    private final class Reporter {
        private final String session = Ids.random();
        private final String ticket;
        private final String token;

        /** On a network of its own. */
        Reporter(String reported) {
            this(reported, Ids.random());
        }

        /** Joined the match from {@code network}, as another tab of the same browser would. */
        Reporter(String reported, String network) {
            this.ticket = tickets.issue(Ids.random(), reported, session, Ids.random(), network, Duration.ofHours(2));
            this.token = tokens.issue(session, Duration.ofHours(1));
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
        return desk(NATS.connection(), Duration.ofSeconds(10));
    }

    private ReportDesk desk(Connection connection, Duration claimFor) {
        Map<ReportReason, Integer> thresholds = new EnumMap<>(ReportReason.class);
        for (ReportReason reason : ReportReason.values()) {
            thresholds.put(reason, reason == ReportReason.MINOR_SAFETY ? 2 : 3);
        }
        RevocationPublisher publisher = revocation -> {
            if (streamDown.get()) {
                throw new StoreUnavailableException(null);
            }
            published.add(revocation);
            if (recordLost.get()) {
                loseRevokedBucket();
            }
        };
        return new ReportDesk(tickets, tokens, new TallyStore(connection, 8), publisher,
                new RateLimiter(10, Duration.ofMinutes(1), 1000), new ThresholdRule(thresholds), claimFor,
                Clock.systemUTC(), ModerationEvents.NONE);
    }

    private static void loseRevokedBucket() {
        try {
            NATS.connection().jetStreamManagement().deleteStream(ModerationBuckets.streamOf(ModerationBuckets.REVOKED));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
