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
 * on build machines), the Lease it competes for, the release at shutdown, and stepping down while NATS is
 * unreachable. The nats-server is a real one, on a free port it keeps across a restart.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class MatchmakerServiceElectionTest {
    private static final Map<String, String> CLIENT_PROPERTIES = Map.of(
            "kubernetes.master", "",
            "kubernetes.namespace", "ghostline",
            "kubernetes.auth.tryKubeConfig", "false",
            "kubernetes.auth.tryServiceAccount", "false");

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
    void aLeaderThatLosesNatsReleasesTheLeaseAndCompetesAgainOnceReconnected() throws Exception {
        MatchmakerService service = newService("mm-0");
        service.start(null);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> service.role() == Leadership.Role.LEADER);
            assertThat(service.electionActivityAgeMillis()).isPresent();
            int port = nats.getPort();

            nats.close();
            // It stops matching first, then releases the Lease (fabric8 cuts it to one second).
            await().atMost(Duration.ofSeconds(10)).until(() -> service.role() == Leadership.Role.STANDBY
                    && lease().getSpec().getLeaseDurationSeconds() == 1);
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

    private static Lease lease() {
        return client.leases().inNamespace("ghostline").withName("ghostline-matchmaker").get();
    }
}
