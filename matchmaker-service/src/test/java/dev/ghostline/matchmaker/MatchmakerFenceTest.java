package dev.ghostline.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.matchmaker.nats.MatchAnnouncer;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.support.testing.NatsServerResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leader whose lease fence closes (no renew within the renew deadline) stops matching before fabric8 tells
 * it that it lost the Lease, and resumes when a renew succeeds again. The fence is a flag the test flips; the
 * fence's own timing is {@code RenewalFenceTest}'s. A real nats-server carries the pod's traffic.
 */
class MatchmakerFenceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final MatchmakerConfig CONFIG = TestConfigs.matchmaker(Map.of(
            "ghostline.matchmaker.tick-interval", "100ms"));

    private final NatsServerResource nats = new NatsServerResource();
    private final AtomicBoolean fence = new AtomicBoolean(true);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private Connection connection;
    private Matchmaker matchmaker;
    private FakePod pod;

    @BeforeEach
    void startLeading() throws Exception {
        String url = nats.start().get("ghostline.nats.url");
        connection = Nats.connect(url);
        MatchmakerMetrics metrics = new MatchmakerMetrics(meters);
        MatchTickets tickets = new MatchTickets(ClusterSecret.of("fence-test-cluster-secret-0123456789ab"),
                Clock.systemUTC());
        matchmaker = new Matchmaker(connection, new MatchAnnouncer(connection, tickets, CONFIG, metrics), metrics,
                CONFIG, Clock.systemUTC(), fence::get);
        matchmaker.start();
        matchmaker.startLeading();
        pod = new FakePod("pod-a", url, Duration.ofMillis(200));
    }

    @AfterEach
    void stopEverything() throws Exception {
        pod.close();
        matchmaker.close();
        connection.close();
        nats.stop();
    }

    @Test
    void aClosedFenceDropsThePoolAndMatchesNothingUntilItReopens() throws Exception {
        String a = Ids.random();
        pod.join(a, "en", List.of(), System.currentTimeMillis());
        await().atMost(PATIENCE).until(() -> waiting() == 1);

        fence.set(false);
        // The tick notices the closed fence and drops the pool, as losing leadership does.
        await().atMost(PATIENCE).until(() -> waiting() == 0);
        assertThat(matchmaker.isLeading()).isFalse();
        double fencedBefore = fencedBatches();
        String b = Ids.random();
        pod.join(b, "en", List.of(), System.currentTimeMillis());
        int refreshes = pod.refreshesSent();
        await().atMost(PATIENCE).until(() -> pod.refreshesSent() >= refreshes + 2); // the last one carried a and b
        // A barrier: the matchmaker handles waits and revocations on one dispatcher thread, and NATS delivers
        // the pod's messages in order, so once this revocation (of a stranger) is counted, b's join and the
        // refreshes above were handled.
        pod.publish(ModerationStream.REVOKED, new BusMessage.SessionRevoked(Ids.random(), ReportReason.SPAM,
                System.currentTimeMillis() / 1000 + 3_600));
        await().atMost(PATIENCE).until(() -> revocations() == 1);
        assertThat(fencedBatches()).as("b's join and the last refresh arrived while fenced, and were ignored")
                .isGreaterThanOrEqualTo(fencedBefore + 2);
        assertThat(matches()).isZero();
        assertThat(pod.matchesOf(b)).isEmpty();
        assertThat(waiting()).isZero();

        fence.set(true);
        await().atMost(PATIENCE).until(() -> !pod.isWaiting(a) && !pod.isWaiting(b));
        assertThat(matchmaker.isLeading()).isTrue();
        assertThat(partnerOf(a)).isEqualTo(b);
        assertThat(partnerOf(b)).isEqualTo(a);
        assertThat(matches()).isEqualTo(1);
    }

    private double waiting() {
        return meters.get("ghostline.matchmaker.waiting").gauge().value();
    }

    private double fencedBatches() {
        return meters.get("ghostline.matchmaker.fenced.batches").counter().count();
    }

    private double revocations() {
        return meters.get("ghostline.matchmaker.revocations").counter().count();
    }

    private double matches() {
        return meters.get("ghostline.matchmaker.matches").counter().count();
    }

    private String partnerOf(String session) {
        List<BusMessage.Matched> matches = pod.matchesOf(session);
        assertThat(matches).hasSize(1);
        return matches.get(0).match().partner();
    }
}
