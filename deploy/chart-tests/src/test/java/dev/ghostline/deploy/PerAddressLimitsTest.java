package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One address cannot hold everyone's connections: the signaling pods cap its sessions per pod, and the
 * signaling Ingress asks ingress-nginx to cap its connections per controller replica.
 */
class PerAddressLimitsTest extends ChartTestBase {
    private static final String SESSIONS_ENV = "GHOSTLINE_SIGNALING_MAX_SESSIONS_PER_ADDRESS";
    private static final String LIMIT_CONNECTIONS = "nginx.ingress.kubernetes.io/limit-connections";
    private static final String SCHEMA = "values don't meet the specifications of the schema";

    @Test
    void podsGetTheDefaultSessionsPerAddressFromTheirConfigMap() {
        Manifests manifests = defaults();

        assertThat(manifests.configMap("signaling").getData()).containsEntry(SESSIONS_ENV, "32");
        assertThat(manifests.container(Manifests.name("signaling")).getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(Manifests.name("signaling")));
        // Set in the pod's env it would shadow the ConfigMap, whose checksum is what rolls the pods.
        assertThat(Manifests.hasEnv(manifests.container(Manifests.name("signaling")), SESSIONS_ENV)).isFalse();
    }

    @Test
    void aSetSessionsPerAddressReachesThePodsAndRollsThem() {
        Manifests manifests = Chart.defaults().set("signaling.maxSessionsPerAddress", 200).render();

        assertThat(manifests.configMap("signaling").getData()).containsEntry(SESSIONS_ENV, "200");
        assertThat(checksum(manifests)).isNotEqualTo(checksum(defaults()));
    }

    @Test
    void aValuesFileNumberIsWrittenAsAnInteger(@TempDir Path dir) throws IOException {
        // YAML numbers reach templates as floats: a large one must not become 1e+06 in the pod's env.
        Path values = Files.writeString(dir.resolve("values.yaml"),
                "signaling:\n  maxSessionsPerAddress: 1000000\n  ingress:\n    connectionsPerAddress: 2000000\n");

        Manifests manifests = Chart.with(values).render();

        assertThat(manifests.configMap("signaling").getData()).containsEntry(SESSIONS_ENV, "1000000");
        assertThat(signalingIngress(manifests).getMetadata().getAnnotations()).containsEntry(LIMIT_CONNECTIONS, "2000000");
    }

    @Test
    void theSignalingIngressLimitsConnectionsPerAddressByDefault() {
        Map<String, String> annotations = signalingIngress(defaults()).getMetadata().getAnnotations();

        assertThat(annotations).containsEntry(LIMIT_CONNECTIONS, "256")
                // The limit joins the WebSocket timeouts rather than replacing them.
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
        // Generous enough for every session one address may hold on the fewest pods the autoscaler keeps.
        int sessions = Integer.parseInt(defaults().configMap("signaling").getData().get(SESSIONS_ENV));
        int minPods = defaults().get(HorizontalPodAutoscaler.class, Manifests.name("signaling")).getSpec().getMinReplicas();
        assertThat(Integer.parseInt(annotations.get(LIMIT_CONNECTIONS))).isGreaterThan(sessions * minPods);
        assertThat(defaults().get(Ingress.class, Manifests.name("moderation")).getMetadata().getAnnotations())
                .as("the moderation API rate-limits reports itself").doesNotContainKey(LIMIT_CONNECTIONS);
    }

    @Test
    void theIngressLimitFollowsItsValue() {
        Ingress ingress = signalingIngress(Chart.defaults().set("signaling.ingress.connectionsPerAddress", 1000).render());

        assertThat(ingress.getMetadata().getAnnotations()).containsEntry(LIMIT_CONNECTIONS, "1000");
    }

    @Test
    void zeroTurnsTheIngressLimitOff() {
        Ingress ingress = signalingIngress(Chart.defaults().set("signaling.ingress.connectionsPerAddress", 0).render());

        assertThat(ingress.getMetadata().getAnnotations()).doesNotContainKey(LIMIT_CONNECTIONS)
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
    }

    @Test
    void theSessionLimitInExtraConfigIsRefused() {
        String failure = Chart.defaults().set("signaling.config." + SESSIONS_ENV, "64").failure();

        assertThat(failure).contains("signaling.config." + SESSIONS_ENV + ": set signaling.maxSessionsPerAddress instead");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"signaling.ingress.annotations", "ingress.annotations"})
    void theLimitSetByHandAsWellIsRefusedUnlessTheValueIsOff(String annotations, @TempDir Path dir) throws IOException {
        // A values file, because --set would make "500" a number, which the annotations' schema refuses first.
        Path byHand = Files.writeString(dir.resolve("by-hand.yaml"), nested(annotations, LIMIT_CONNECTIONS, "\"500\""));

        assertThat(Chart.with(byHand).failure())
                .contains(annotations + " sets " + LIMIT_CONNECTIONS + ", which signaling.ingress.connectionsPerAddress (256)")
                .contains("set it to 0 to keep your annotation");
        Ingress own = signalingIngress(Chart.with(byHand).set("signaling.ingress.connectionsPerAddress", 0).render());
        assertThat(own.getMetadata().getAnnotations()).containsEntry(LIMIT_CONNECTIONS, "500");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            signaling.maxSessionsPerAddress          | 0    | at '/signaling/maxSessionsPerAddress': minimum: got 0, want 1
            signaling.maxSessionsPerAddress          | -3   | at '/signaling/maxSessionsPerAddress': minimum: got -3, want 1
            signaling.maxSessionsPerAddress          | many | at '/signaling/maxSessionsPerAddress': got string, want integer
            signaling.maxSessionsPerAddress          | null | at '/signaling': missing property 'maxSessionsPerAddress'
            signaling.ingress.connectionsPerAddress  | -1   | at '/signaling/ingress/connectionsPerAddress': minimum: got -1, want 0
            signaling.ingress.connectionsPerAddress  | lots | at '/signaling/ingress/connectionsPerAddress': got string, want integer
            """)
    void theSchemaRefusesLimitsThatAreNotCounts(String key, String value, String message) {
        assertThat(Chart.defaults().set(key, value).failure()).contains(SCHEMA).contains(message);
    }

    @Test
    void theSchemaRefusesFractions(@TempDir Path dir) throws IOException {
        Path sessions = Files.writeString(dir.resolve("sessions.yaml"), "signaling:\n  maxSessionsPerAddress: 1.5\n");
        Path connections = Files.writeString(dir.resolve("connections.yaml"),
                "signaling:\n  ingress:\n    connectionsPerAddress: 99.5\n");

        assertThat(Chart.with(sessions).failure()).contains(SCHEMA)
                .contains("at '/signaling/maxSessionsPerAddress': got number, want integer");
        assertThat(Chart.with(connections).failure()).contains(SCHEMA)
                .contains("at '/signaling/ingress/connectionsPerAddress': got number, want integer");
    }

    /** YAML that sets {@code key: value} in the map at a dotted values path, e.g. ingress.annotations. */
    private static String nested(String path, String key, String value) {
        StringBuilder yaml = new StringBuilder();
        String indent = "";
        for (String part : path.split("\\.")) {
            yaml.append(indent).append(part).append(":\n");
            indent += "  ";
        }
        return yaml.append(indent).append(key).append(": ").append(value).append('\n').toString();
    }

    private static Ingress signalingIngress(Manifests manifests) {
        return manifests.get(Ingress.class, Manifests.name("signaling"));
    }

    private static String checksum(Manifests manifests) {
        return manifests.get(Deployment.class, Manifests.name("signaling")).getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/config");
    }
}
