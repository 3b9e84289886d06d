package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad values fail before anything is installed, with a message that names the value and the reason. */
class ValuesValidationTest extends ChartTestBase {
    private static final String SCHEMA = "values don't meet the specifications of the schema";

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            signaling.replicas         | -1             | at '/signaling/replicas': minimum: got -1, want 1
            coturn.exposure            | nodePort       | at '/coturn/exposure': value must be one of 'hostNetwork', 'loadBalancer'
            nats.replicas              | 2              | at '/nats/replicas': value must be one of 1, 3, 5
            signaling.replica          | 3              | at '/signaling': additional properties 'replica' not allowed
            signaling.image.pullPolicy | Sometimes      | at '/signaling/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'
            global.publicHost          | https://x.org/ | at '/global/publicHost': 'https://x.org/' does not match pattern
            nats.external.url          | nats://u:p@h   | at '/nats/external/url': 'nats://u:p@h' does not match pattern
            signaling.autoscaling.targetCPUUtilizationPercentage | 150 | maximum: got 150, want 100
            """)
    void schemaRefusesWithThePathAndTheRule(String key, String value, String message) {
        String failure = Chart.defaults().set(key, value).failure();

        assertThat(failure).contains(SCHEMA).contains(message);
    }

    @Test
    void coturnOlderThanTheTemplateRequiresIsRefused() {
        String failure = Chart.defaults().set("coturn.image.tag", "4.6.1").failure();

        assertThat(failure).contains("coturn.image.tag \"4.6.1\" is coturn 4.6.1, older than 4.9.0")
                .contains("CVE-2026-27624");
    }

    @Test
    void coturnTagMustNameAVersionAndNotBeAlpine() {
        assertThat(Chart.defaults().set("coturn.image.tag", "latest").failure())
                .contains("coturn.image.tag \"latest\" does not start with a coturn version");
        assertThat(Chart.defaults().set("coturn.image.tag", "4.9.0-alpine").failure())
                .contains("Alpine image without bash");
        // Newer releases and Debian-suffixed tags pass.
        assertThat(Chart.defaults().set("coturn.image.tag", "4.10.0-debian").render().all()).isNotEmpty();
    }

    @Test
    void secretLookingConfigIsRefused() {
        String failure = Chart.defaults().set("moderation.config.GHOSTLINE_MODERATION_API_KEYS", "k").failure();

        assertThat(failure).contains("moderation.config.GHOSTLINE_MODERATION_API_KEYS looks like a secret");
    }

    @Test
    void aDrainLongerThanTheGracePeriodIsRefused() {
        String failure = Chart.defaults().set("signaling.drainTimeoutSeconds", 58).failure();

        assertThat(failure).contains("preStopDelaySeconds (5) + drainTimeoutSeconds (58) + 5 s for Quarkus to shut down "
                + "must fit in terminationGracePeriodSeconds (60)");
    }

    @Test
    void theDrainLeavesQuarkusFiveSecondsToShutDown() {
        assertThat(Chart.defaults().set("signaling.drainTimeoutSeconds", 51).failure())
                .contains("drainTimeoutSeconds (51) + 5 s for Quarkus to shut down");
        assertThat(Chart.defaults().set("signaling.drainTimeoutSeconds", 50).render().all()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"signaling", "moderation"})
    void anAutoscalerMinimumAboveItsMaximumIsRefused(String component) {
        String failure = Chart.defaults().set(component + ".autoscaling.minReplicas", 7)
                .set(component + ".autoscaling.maxReplicas", 5).failure();

        assertThat(failure).contains(component + ".autoscaling: minReplicas (7) must not exceed maxReplicas (5)");
    }

    @Test
    void aLoadBalancerRunsOneRelayWithItsOwnAddress() {
        Chart lb = Chart.defaults().set("coturn.exposure", "loadBalancer").set("coturn.externalIP", "203.0.113.10");
        assertThat(lb.set("coturn.replicas", 2).failure())
                .contains("coturn.replicas (2): with coturn.exposure=loadBalancer run one relay");
        assertThat(Chart.defaults().set("coturn.exposure", "loadBalancer").set("coturn.externalIP", "auto").failure())
                .contains("coturn.externalIP=auto detects a node's address, not the LoadBalancer's");
    }

    @Test
    void aLoadBalancerCannotListMoreThanAHundredPorts() {
        String failure = Chart.defaults().set("coturn.exposure", "loadBalancer").set("coturn.externalIP", "203.0.113.10")
                .set("coturn.relayPorts.min", 49152).set("coturn.relayPorts.max", 49251).failure();

        assertThat(failure).contains("coturn.relayPorts: 49152-49251 makes 105 ports on the LoadBalancer Service; "
                + "Kubernetes allows at most 100");
        assertThat(Chart.defaults().set("coturn.relayPorts.min", 50000).set("coturn.relayPorts.max", 49999).failure())
                .contains("coturn.relayPorts: min (50000) must not exceed max (49999)");
    }

    @Test
    void aFixedExternalAddressIsOneNodesSoItFitsOneRelay() {
        String failure = Chart.defaults().set("coturn.replicas", 2).set("coturn.externalIP", "203.0.113.10").failure();

        assertThat(failure).contains("coturn.externalIP 203.0.113.10 is one node's address but coturn.replicas is 2")
                .contains("Use externalIP: auto");
        assertThat(Chart.defaults().set("coturn.replicas", 2).set("coturn.externalIP", "auto").render().all()).isNotEmpty();
        assertThat(Chart.defaults().set("coturn.replicas", 2).render().all()).isNotEmpty();
        assertThat(Chart.defaults().set("coturn.externalIP", "automatic").failure()).contains(SCHEMA)
                .contains("at '/coturn/externalIP'");
    }

    @Test
    void natsMustComeFromSomewhere() {
        assertThat(Chart.defaults().set("nats.enabled", false).failure())
                .contains("with nats.enabled=false set nats.external.url or nats.external.existingSecret");
    }

    @Test
    void aLoadBalancedCoturnNeedsItsPublicAddress() {
        assertThat(Chart.defaults().set("coturn.exposure", "loadBalancer").failure())
                .contains("coturn.externalIP: with coturn.exposure=loadBalancer set the LoadBalancer's public address");
    }

    @Test
    void anInvalidValuesFileFailsLikeSetValues() {
        String failure = Chart.with(Path.of("src/test/resources/invalid-values.yaml")).failure();

        assertThat(failure).contains(SCHEMA)
                .contains("at '/signaling/replicas': minimum: got -1, want 1")
                .contains("at '/coturn/exposure': value must be one of 'hostNetwork', 'loadBalancer'");
    }
}
