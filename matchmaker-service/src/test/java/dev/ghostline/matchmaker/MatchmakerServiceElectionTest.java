package dev.ghostline.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.matchmaker.leader.Leadership;
import dev.ghostline.matchmaker.nats.MatchAnnouncer;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.MatchTickets;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.NatsServerRunner;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's own wiring in kubernetes mode: the client it builds the usual way (here from system
 * properties naming fabric8's Kubernetes mock server in CRUD mode, the stand-in for an API server, as none runs
 * on build machines), the Lease it competes for, the release at shutdown, and stepping down only once NATS has
 * been unreachable for the outage grace. The nats-server is a real one, on a free port it keeps across a
 * restart.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class MatchmakerServiceElectionTest {
    private static final Map<String, String> CLIENT_PROPERTIES = Map.of(
            "kubernetes.master", "",
            "kubernetes.namespace", "ghostline",
            "kubernetes.auth.tryKubeConfig", "false",
            "kubernetes.auth.tryServiceAccount", "false");

    /** The default: the service is tested as it ships. */
    private static final Duration GRACE = TestConfigs.matchmaker(Map.of()).leaderElection().natsOutageGrace();

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final Map<String, String> savedProperties = new HashMap<>();
    private NatsServerRunner nats;
    private Connection connection;

    @BeforeEach
    void pointTheClientAtTheMockServer() throws Exception {
        CLIENT_PROPERTIES.forEach((key, value) -> {
            savedProperties.put(key, System.getProperty(key));
            System.setProperty(key, key.equals("kubernetes.master") ? server.url("/") : value);
        });
        nats = NatsServerRunner.builder().outputLevel(Level.WARNING).build();
        // Reconnect for ever and quickly, as the service's connection does, so a restarted server is found again.
        connection = Nats.connect(new Options.Builder().server(nats.getURI()).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100)).build());
    }

    @AfterEach
    void restore() throws Exception {
        savedProperties.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        connection.close();
        nats.close();
    }

    @Test
    void theServiceLeadsThroughTheLeaseAndReleasesItAtShutdown() {
        MatchmakerService service = newService("mm-0");

        service.start(null);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> service.role() == Leadership.Role.LEADER);
            assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("mm-0");
            assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(15);
        } finally {
            service.stop(null);
        }

        assertThat(service.role()).isEqualTo(Leadership.Role.STOPPED);
        assertThat(lease().getSpec().getLeaseDurationSeconds()).as("released: cut to one second").isEqualTo(1);
    }

    @Test
    void aLeaderThatLosesNatsForTheGraceReleasesTheLeaseAndCompetesAgainOnceReconnected() throws Exception {
        MatchmakerService service = newService("mm-0");
        service.start(null);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> service.role() == Leadership.Role.LEADER);
            assertThat(service.electionActivityAgeMillis()).isPresent();
            int port = nats.getPort();

            long stopped = System.nanoTime();
            nats.close();
            // After the grace it stops matching, then releases the Lease (fabric8 cuts it to one second).
            await().atMost(GRACE.plus(Duration.ofSeconds(10))).until(() -> service.role() == Leadership.Role.STANDBY
                    && lease().getSpec().getLeaseDurationSeconds() == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("not before the grace")
                    .isGreaterThanOrEqualTo(GRACE);
            assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("mm-0");

            nats = NatsServerRunner.builder().port(port).outputLevel(Level.WARNING).build();
            await().atMost(Duration.ofSeconds(20)).until(() -> service.role() == Leadership.Role.LEADER);
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("mm-0");
            assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(15);
        } finally {
            service.stop(null);
        }
    }

    @Test
    void aNatsOutageShorterThanTheGraceKeepsTheLeaseAndTheTerm() throws Exception {
        MatchmakerService service = newService("mm-0");
        service.start(null);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> service.role() == Leadership.Role.LEADER);
            int port = nats.getPort();

            long stopped = System.nanoTime();
            nats.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.getStatus() != Connection.Status.CONNECTED);
            // Down for three checks and more: still the leader, and the Lease still its own for a full duration.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() ->
                    service.role() == Leadership.Role.LEADER && heldBy("mm-0"));
            nats = NatsServerRunner.builder().port(port).outputLevel(Level.WARNING).build();
            await().atMost(GRACE).until(() -> connection.getStatus() == Connection.Status.CONNECTED);
            Duration outage = Duration.ofNanos(System.nanoTime() - stopped);
            assertThat(outage).as("outage within the grace (else this machine was too slow for the test)")
                    .isLessThan(GRACE);

            // The grace starts over once connected: no later check can step down for this outage.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                    service.role() == Leadership.Role.LEADER && heldBy("mm-0"));
            assertThat(service.leaderTerms()).as("never stepped down and back").isEqualTo(1);
        } finally {
            service.stop(null);
        }
    }

    private MatchmakerService newService(String identity) {
        MatchmakerConfig config = TestConfigs.matchmaker(Map.of(
                "ghostline.matchmaker.leader-election.mode", "kubernetes",
                "ghostline.matchmaker.leader-election.identity", identity));
        MatchmakerMetrics metrics = new MatchmakerMetrics(new SimpleMeterRegistry());
        MatchTickets tickets = new MatchTickets(ClusterSecret.of("election-test-cluster-secret-0123456789"),
                Clock.systemUTC());
        return new MatchmakerService(connection, new MatchAnnouncer(connection, tickets, config, metrics), metrics,
                config, Clock.systemUTC());
    }

    /** The Lease names {@code identity} for a full lease duration: not released. */
    private static boolean heldBy(String identity) {
        Lease lease = lease();
        return lease != null && identity.equals(lease.getSpec().getHolderIdentity())
                && lease.getSpec().getLeaseDurationSeconds() == 15;
    }

    private static Lease lease() {
        return client.leases().inNamespace("ghostline").withName("ghostline-matchmaker").get();
    }
}
