package dev.ghostline.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.matchmaker.leader.KubernetesLeaderElection;
import dev.ghostline.matchmaker.leader.Leadership;
import dev.ghostline.matchmaker.leader.LeaseSettings;
import dev.ghostline.matchmaker.leader.TakeoverBounds;
import dev.ghostline.matchmaker.nats.MatchAnnouncer;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.support.testing.NatsServerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two matchmakers (the engine with its NATS wiring and election, not two Quarkus applications) sharing one
 * Lease, a real nats-server, and a pod refreshing its waiting sessions. The Lease lives in fabric8's
 * Kubernetes mock server in CRUD mode, the stand-in for an API server, as none runs on build machines.
 */
@EnableKubernetesMockClient(crud = true)
class MatchmakerFailoverTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(500);
    private static final Duration RELAX = Duration.ofSeconds(4);
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final MatchmakerConfig CONFIG = TestConfigs.matchmaker(Map.of(
            "ghostline.matchmaker.leader-election.mode", "kubernetes",
            "ghostline.matchmaker.tick-interval", "100ms",
            "ghostline.matchmaker.relax-after", RELAX.toMillis() + "ms"));
    private static final MatchTickets TICKETS = new MatchTickets(
            ClusterSecret.of("failover-test-cluster-secret-0123456789"), Clock.systemUTC());

    static KubernetesMockServer server;

    private static NatsServerResource nats;
    private static String natsUrl;
    private final List<Instance> instances = new ArrayList<>();
    private FakePod pod;

    /** One matchmaker process: its own NATS connection, API client, meters and election. */
    private final class Instance {
        final Connection connection = Nats.connect(natsUrl);
        final KubernetesClient kubernetes = server.createClient();
        final MeterRegistry meters = new SimpleMeterRegistry();
        final Matchmaker matchmaker;
        final Leadership leadership;
        final KubernetesLeaderElection election;

        Instance(String identity) throws Exception {
            MatchmakerMetrics metrics = new MatchmakerMetrics(meters);
            matchmaker = new Matchmaker(connection, new MatchAnnouncer(connection, TICKETS, CONFIG, metrics), metrics,
                    CONFIG, Clock.systemUTC());
            leadership = new Leadership(matchmaker);
            election = new KubernetesLeaderElection(kubernetes,
                    new LeaseSettings("ghostline", "ghostline-matchmaker", identity, LEASE, RENEW, RETRY), leadership);
            instances.add(this);
            matchmaker.start();
            election.start();
        }

        /** Dies: it can no longer reach the API server (no release) nor publish anything. */
        void kill() throws InterruptedException {
            kubernetes.close();
            connection.close();
            stop();
        }

        /** Shuts down gracefully, releasing the Lease. */
        void stop() {
            election.close();
            matchmaker.close();
        }

        double gauge(String name) {
            return meters.get(name).gauge().value();
        }

        double matches() {
            return meters.get("ghostline.matchmaker.matches").counter().count();
        }
    }

    @BeforeAll
    static void startNats() {
        nats = new NatsServerResource();
        natsUrl = nats.start().get("ghostline.nats.url");
    }

    @AfterAll
    static void stopNats() {
        nats.stop();
    }

    @BeforeEach
    void startPod() throws Exception {
        pod = new FakePod("pod-a", natsUrl, Duration.ofMillis(200));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Instance instance : instances) {
            instance.stop();
            instance.kubernetes.close();
            instance.connection.close();
        }
        pod.close();
    }

    @Test
    void whenTheLeaderDiesTheStandbyMatchesTheSessionsStillWaiting() throws Exception {
        Instance first = new Instance("mm-a");
        Instance second = new Instance("mm-b");
        Instance leader = awaitLeader(first, second);
        Instance standby = leader == first ? second : first;
        String x = Ids.random();
        String y = Ids.random();
        matchedBefore(leader, x, y);

        // Two waiters who share no interest: they meet once both have waited RELAX, by then under the new leader.
        String a = Ids.random();
        String b = Ids.random();
        long now = System.currentTimeMillis();
        pod.join(a, "en", List.of("chess"), now);
        pod.join(b, "en", List.of("jazz"), now);
        await().atMost(PATIENCE).until(() -> leader.gauge("ghostline.matchmaker.waiting") == 2);
        assertThat(standby.gauge("ghostline.matchmaker.waiting")).as("a standby holds no pool").isZero();
        long killed = System.nanoTime();
        leader.kill();

        // The takeover itself is bounded by the lease settings (3 s + 1.1 s + 2 s); the match then needs the
        // pod's next refresh and both waiters' relax time, which PATIENCE covers.
        TakeoverBounds.awaitWithin(TakeoverBounds.afterCrash(LEASE, RETRY), killed, "standby leads after a crash",
                standby.leadership::isLeader);
        await().atMost(PATIENCE).until(() -> !pod.isWaiting(a) && !pod.isWaiting(b));
        assertThat(standby.leadership.isLeader()).isTrue();
        assertThat(partnerOf(a)).isEqualTo(b);
        assertThat(partnerOf(b)).isEqualTo(a);
        assertThat(standby.matches()).as("matched by the new leader").isEqualTo(1);
        assertThat(leader.matches()).as("the old leader matched only x and y").isEqualTo(1);
        assertThat(pod.matchesOf(x)).as("nobody re-matches x").hasSize(1);
        assertThat(pod.matchesOf(y)).hasSize(1);
    }

    @Test
    void aLeaderThatStopsGracefullyAnnouncesNothingMoreAndTheStandbyTakesOver() throws Exception {
        Instance first = new Instance("mm-a");
        Instance second = new Instance("mm-b");
        Instance leader = awaitLeader(first, second);
        Instance standby = leader == first ? second : first;
        String a = Ids.random();
        pod.join(a, "en", List.of(), System.currentTimeMillis());
        await().atMost(PATIENCE).until(() -> leader.gauge("ghostline.matchmaker.waiting") == 1);

        long stopped = System.nanoTime();
        leader.stop();
        assertThat(leader.gauge("ghostline.matchmaker.leader")).isZero();
        // Still connected to NATS, but it must not pair this newcomer.
        String b = Ids.random();
        pod.join(b, "en", List.of(), System.currentTimeMillis());

        // A released Lease: the standby leads within its released second plus one jittered retry (+ 2 s).
        TakeoverBounds.awaitWithin(TakeoverBounds.afterRelease(RETRY), stopped, "standby leads after a graceful stop",
                standby.leadership::isLeader);
        await().atMost(PATIENCE).until(() -> !pod.isWaiting(a) && !pod.isWaiting(b));
        assertThat(partnerOf(a)).isEqualTo(b);
        assertThat(standby.matches()).isEqualTo(1);
        assertThat(standby.gauge("ghostline.matchmaker.leader")).isEqualTo(1);
        assertThat(leader.matches()).isZero();
    }

    private void matchedBefore(Instance leader, String x, String y) throws Exception {
        long now = System.currentTimeMillis();
        pod.join(x, "before", List.of(), now);
        pod.join(y, "before", List.of(), now);
        await().atMost(PATIENCE).until(() -> !pod.isWaiting(x) && !pod.isWaiting(y));
        assertThat(leader.matches()).isEqualTo(1);
    }

    private String partnerOf(String session) {
        List<BusMessage.Matched> matches = pod.matchesOf(session);
        assertThat(matches).hasSize(1);
        return matches.get(0).match().partner();
    }

    private static Instance awaitLeader(Instance one, Instance other) {
        await().atMost(PATIENCE).until(() -> one.leadership.isLeader() || other.leadership.isLeader());
        assertThat(one.leadership.isLeader() && other.leadership.isLeader()).as("both lead").isFalse();
        return one.leadership.isLeader() ? one : other;
    }
}
