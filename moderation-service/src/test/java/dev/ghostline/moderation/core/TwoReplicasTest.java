package dev.ghostline.moderation.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.moderation.testing.StreamReader;
import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.support.ModerationStreamSetup;
import dev.ghostline.support.testing.NatsServerResource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two report desks, each on its own NATS connection, sharing one real nats-server: the way two moderation
 * replicas share the tallies. Concurrent reports split across them must each be counted exactly once, the
 * threshold must fire exactly once, and the sessions of one network must count once between them.
 */
class TwoReplicasTest {
    private static final ClusterSecret SECRET = ClusterSecret.of("two-replicas-test-secret-0123456789abcdef");
    private static final int THRESHOLD = 12;
    private static final int REPORTERS = 30;

    private static NatsServerResource nats;
    private static Connection replicaA;
    private static Connection replicaB;
    private static Connection observer;

    private final MatchTickets tickets = new MatchTickets(SECRET, Clock.systemUTC());
    private final SessionTokens tokens = new SessionTokens(SECRET, Clock.systemUTC());
    private final AtomicInteger published = new AtomicInteger();

    @BeforeAll
    static void startNats() throws Exception {
        nats = new NatsServerResource();
        String url = nats.start().get("ghostline.nats.url");
        replicaA = Nats.connect(url);
        replicaB = Nats.connect(url);
        observer = Nats.connect(url);
        ModerationStreamSetup.ensure(replicaA, 1);
        ModerationBuckets.ensure(replicaA, Duration.ofMinutes(10), Duration.ofHours(2), 1);
        ModerationBuckets.ensure(replicaB, Duration.ofMinutes(10), Duration.ofHours(2), 1);
    }

    @AfterAll
    static void stopNats() throws Exception {
        for (Connection connection : new Connection[] {replicaA, replicaB, observer}) {
            if (connection != null) {
                connection.close();
            }
        }
        nats.stop();
    }

    @Test
    void concurrentReportsAcrossReplicasAreEachCountedOnceAndRevokeOnce() throws Exception {
        String reported = Ids.random();
        Map<String, ReportStatus> answers = reportConcurrently(reported, REPORTERS);

        // Which report is told "revoked" depends on when it reads the tally, not on when it was added: one that
        // reads after the revocation is stored hears of it. Nobody is told "duplicate".
        assertThat(answers).hasSize(REPORTERS);
        assertThat(answers.values()).containsOnly(ReportStatus.COUNTED, ReportStatus.REVOKED)
                .contains(ReportStatus.REVOKED);
        List<String> counted = reportersIn(reported);
        assertThat(counted).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(THRESHOLD);
        answers.forEach((network, status) -> {
            if (status == ReportStatus.COUNTED) {
                assertThat(counted).as("a reporter told counted is in the tally").contains(network);
            }
        });
        assertThat(published).as("exactly one replica published").hasValue(1);
        assertThat(new StreamReader(observer).revocationsOf(reported)).singleElement()
                .satisfies(revoked -> assertThat(revoked.reason()).isEqualTo(ReportReason.HARASSMENT));
    }

    @Test
    void concurrentReportsBelowTheThresholdAreAllInTheTally() throws Exception {
        String reported = Ids.random();
        int reporters = THRESHOLD - 1;
        Map<String, ReportStatus> answers = reportConcurrently(reported, reporters);

        assertThat(answers).hasSize(reporters).containsOnlyKeys(reportersIn(reported));
        assertThat(answers.values()).containsOnly(ReportStatus.COUNTED);
        Tally tally = new TallyStore(observer, 1).read(reported);
        assertThat(tally.revoked()).isFalse();
        assertThat(tally.reasons()).hasSize(reporters);
        assertThat(new StreamReader(observer).revocationsOf(reported)).isEmpty();
        assertThat(published).hasValue(0);
    }

    @Test
    void theSameReporterOnBothReplicasAtOnceCountsOnce() throws Exception {
        String reported = Ids.random();
        String reporter = Ids.random();
        String ticket = tickets.issue(Ids.random(), reporter, reported, Ids.random(), Ids.random(),
                Duration.ofHours(2));
        String token = tokens.issue(reporter, Duration.ofHours(1));
        ReportDesk a = desk(replicaA);
        ReportDesk b = desk(replicaB);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<ReportStatus> onA = pool.submit(() -> {
                start.await();
                return a.report(ticket, token, ReportReason.SPAM);
            });
            Future<ReportStatus> onB = pool.submit(() -> {
                start.await();
                return b.report(ticket, token, ReportReason.SPAM);
            });
            start.countDown();
            assertThat(List.of(onA.get(), onB.get()))
                    .containsExactlyInAnyOrder(ReportStatus.COUNTED, ReportStatus.DUPLICATE);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sessionsOfOneNetworkOnBothReplicasAtOnceCountOnce() throws Exception {
        String reported = Ids.random();
        String network = Ids.random();
        ReportDesk a = desk(replicaA);
        ReportDesk b = desk(replicaB);
        // Six tabs of one browser, each matched with the reported session once, reporting through both replicas.
        Map<String, Callable<ReportStatus>> reports = new LinkedHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 6; i++) {
            String tab = Ids.random();
            String ticket = tickets.issue(Ids.random(), tab, reported, network, Ids.random(), Duration.ofHours(2));
            String token = tokens.issue(tab, Duration.ofHours(1));
            ReportDesk desk = i % 2 == 0 ? a : b;
            reports.put(tab, () -> {
                start.await();
                return desk.report(ticket, token, ReportReason.HARASSMENT);
            });
        }

        Map<String, ReportStatus> answers = runTogether(reports, start);

        assertThat(answers.values()).containsExactlyInAnyOrder(ReportStatus.COUNTED, ReportStatus.DUPLICATE,
                ReportStatus.DUPLICATE, ReportStatus.DUPLICATE, ReportStatus.DUPLICATE, ReportStatus.DUPLICATE);
        assertThat(reportersIn(reported)).containsExactly(network);
        assertThat(new TallyStore(observer, 1).read(reported).reasons()).containsExactly(ReportReason.HARASSMENT);
    }

    /**
     * Reporting network → the answer its report got. Each reporter is a session of its own on a network of its own,
     * so the networks are the keys the shared store counts.
     */
    private Map<String, ReportStatus> reportConcurrently(String reported, int reporters) throws Exception {
        ReportDesk a = desk(replicaA);
        ReportDesk b = desk(replicaB);
        Map<String, Callable<ReportStatus>> reports = new LinkedHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < reporters; i++) {
            String reporter = Ids.random();
            String network = Ids.random();
            // Each reporter met the reported session in a match of its own; either may have been the offerer.
            String ticket = i % 3 == 0
                    ? tickets.issue(Ids.random(), reported, reporter, Ids.random(), network, Duration.ofHours(2))
                    : tickets.issue(Ids.random(), reporter, reported, network, Ids.random(), Duration.ofHours(2));
            String token = tokens.issue(reporter, Duration.ofHours(1));
            ReportDesk desk = i % 2 == 0 ? a : b;
            reports.put(network, () -> {
                start.await();
                return desk.report(ticket, token, ReportReason.HARASSMENT);
            });
        }
        return runTogether(reports, start);
    }

    /** Submits every report, releases them at once through {@code start}, and collects the answers by key. */
    private static Map<String, ReportStatus> runTogether(Map<String, Callable<ReportStatus>> reports,
                                                         CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Map<String, Future<ReportStatus>> futures = new LinkedHashMap<>();
            reports.forEach((key, report) -> futures.put(key, pool.submit(report)));
            start.countDown();
            Map<String, ReportStatus> answers = new LinkedHashMap<>();
            for (Map.Entry<String, Future<ReportStatus>> future : futures.entrySet()) {
                answers.put(future.getKey(), future.getValue().get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The reporting networks the shared store counts for {@code reported}. */
    private static List<String> reportersIn(String reported) throws Exception {
        String prefix = reported + ".by.";
        return observer.keyValue(ModerationBuckets.TALLIES).keys(prefix + "*").stream()
                .map(key -> key.substring(prefix.length())).toList();
    }

    private ReportDesk desk(Connection connection) throws Exception {
        Map<ReportReason, Integer> thresholds = new EnumMap<>(ReportReason.class);
        for (ReportReason reason : ReportReason.values()) {
            thresholds.put(reason, THRESHOLD);
        }
        BusCodec codec = new BusCodec();
        RevocationPublisher publisher = revocation -> {
            try {
                connection.jetStream().publish(ModerationStream.REVOKED, codec.encode(revocation),
                        PublishOptions.builder().messageId("revoked-" + revocation.session()).build());
                published.incrementAndGet();
            } catch (Exception e) {
                throw new StoreUnavailableException(e);
            }
        };
        return new ReportDesk(tickets, tokens, new TallyStore(connection, REPORTERS + 1), publisher,
                new RateLimiter(10, Duration.ofMinutes(1), 1000), new ThresholdRule(thresholds),
                Duration.ofSeconds(10), Clock.systemUTC(), ModerationEvents.NONE);
    }
}
