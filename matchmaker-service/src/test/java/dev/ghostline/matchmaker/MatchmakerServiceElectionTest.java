package dev.ghostline.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.matchmaker.leader.Leadership;
import dev.ghostline.matchmaker.nats.MatchAnnouncer;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.support.testing.NatsServerResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's own wiring in kubernetes mode: the client it builds the usual way (here from system
 * properties naming fabric8's Kubernetes mock server in CRUD mode, the stand-in for an API server, as none runs
 * on build machines), the Lease it competes for, and the release at shutdown.
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
    private final NatsServerResource nats = new NatsServerResource();
    private Connection connection;

    @BeforeEach
    void pointTheClientAtTheMockServer() throws Exception {
        CLIENT_PROPERTIES.forEach((key, value) -> {
            savedProperties.put(key, System.getProperty(key));
            System.setProperty(key, key.equals("kubernetes.master") ? server.url("/") : value);
        });
        connection = Nats.connect(nats.start().get("ghostline.nats.url"));
    }

    @AfterEach
    void restore() throws InterruptedException {
        savedProperties.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        connection.close();
        nats.stop();
    }

    @Test
    void theServiceLeadsThroughTheLeaseAndReleasesItAtShutdown() {
        MatchmakerConfig config = TestConfigs.matchmaker(Map.of(
                "ghostline.matchmaker.leader-election.mode", "kubernetes",
                "ghostline.matchmaker.leader-election.identity", "mm-0"));
        MatchmakerMetrics metrics = new MatchmakerMetrics(new SimpleMeterRegistry());
        MatchTickets tickets = new MatchTickets(ClusterSecret.of("election-test-cluster-secret-0123456789"),
                Clock.systemUTC());
        MatchmakerService service = new MatchmakerService(connection,
                new MatchAnnouncer(connection, tickets, config, metrics), metrics, config, Clock.systemUTC());

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

    private static Lease lease() {
        return client.leases().inNamespace("ghostline").withName("ghostline-matchmaker").get();
    }
}
