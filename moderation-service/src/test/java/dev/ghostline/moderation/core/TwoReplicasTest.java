package dev.ghostline.moderation.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.ArrayList;
import java.util.EnumMap;
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
 * replicas share the tallies. Concurrent reports split across them must each be counted exactly once, and the
 * threshold must fire exactly once.
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
        List<ReportStatus> answers = reportConcurrently(reported, REPORTERS);

        assertThat(answers).hasSize(REPORTERS);
        assertThat(answers).filteredOn(s -> s == ReportStatus.COUNTED).hasSize(THRESHOLD - 1);
        assertThat(answers).filteredOn(s -> s == ReportStatus.REVOKED).hasSize(REPORTERS - THRESHOLD + 1);
        assertThat(published).as("exactly one replica published").hasValue(1);
        assertThat(new StreamReader(observer).revocationsOf(reported)).singleElement()
                .satisfies(revoked -> assertThat(revoked.reason()).isEqualTo(ReportReason.HARASSMENT));
    }

    @Test
    void concurrentReportsBelowTheThresholdAreAllInTheTally() throws Exception {
        String reported = Ids.random();
        int reporters = THRESHOLD - 1;
        List<ReportStatus> answers = reportConcurrently(reported, reporters);

        assertThat(answers).hasSize(reporters).containsOnly(ReportStatus.COUNTED);
        byte[] stored = observer.keyValue(ModerationBuckets.TALLIES).get(reported).getValue();
        Tally tally = JsonMapper.builder().build().readValue(stored, Tally.class);
        assertThat(tally.revoked()).isFalse();
        assertThat(tally.reports()).extracting(Tally.Entry::by).doesNotHaveDuplicates().hasSize(reporters);
        assertThat(new StreamReader(observer).revocationsOf(reported)).isEmpty();
        assertThat(published).hasValue(0);
    }

    @Test
    void theSameReporterOnBothReplicasAtOnceCountsOnce() throws Exception {
        String reported = Ids.random();
        String reporter = Ids.random();
        String ticket = tickets.issue(Ids.random(), reporter, reported, Duration.ofHours(2));
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

    private List<ReportStatus> reportConcurrently(String reported, int reporters) throws Exception {
        ReportDesk a = desk(replicaA);
        ReportDesk b = desk(replicaB);
        List<Callable<ReportStatus>> reports = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < reporters; i++) {
            String reporter = Ids.random();
            // Each reporter met the reported session in a match of its own; either may have been the offerer.
            String ticket = i % 3 == 0
                    ? tickets.issue(Ids.random(), reported, reporter, Duration.ofHours(2))
                    : tickets.issue(Ids.random(), reporter, reported, Duration.ofHours(2));
            String token = tokens.issue(reporter, Duration.ofHours(1));
            ReportDesk desk = i % 2 == 0 ? a : b;
            reports.add(() -> {
                start.await();
                return desk.report(ticket, token, ReportReason.HARASSMENT);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ReportStatus>> futures = new ArrayList<>();
            for (Callable<ReportStatus> report : reports) {
                futures.add(pool.submit(report));
            }
            start.countDown();
            List<ReportStatus> answers = new ArrayList<>();
            for (Future<ReportStatus> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
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
                Duration.ofMinutes(10), Clock.systemUTC(), ModerationEvents.NONE);
    }
}
