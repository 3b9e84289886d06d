package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** coturn on the node's network or behind a LoadBalancer, with the secret injected at start. */
class CoturnChartTest extends ChartTestBase {

    @Test
    void hostNetworkRunsOneRelayPerNodeOnTheNodesAddress() {
        Manifests manifests = defaults();
        PodSpec pod = manifests.podTemplates().get(Manifests.name("coturn")).getSpec();
        Container coturn = pod.getContainers().get(0);

        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(manifests.find(Service.class, Manifests.name("coturn"))).isEmpty();
        assertThat(Manifests.env(coturn, "TURN_EXTERNAL_IP").getValue()).isEqualTo("$(POD_IP)");
        assertThat(coturn.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(manifests.configMap("signaling").getData()).containsEntry("GHOSTLINE_SIGNALING_ICE_TURN_URLS",
                "turn:turn.ghostline.example.com:3478?transport=udp,turn:turn.ghostline.example.com:3478?transport=tcp,"
                        + "turns:turn.ghostline.example.com:5349?transport=tcp");
    }

    @Test
    void theSecretReachesOnlyTheEntrypointAndTheRenderedConfigStaysInMemory() {
        Manifests manifests = defaults();
        PodSpec pod = manifests.podTemplates().get(Manifests.name("coturn")).getSpec();
        Container coturn = pod.getContainers().get(0);

        assertThat(coturn.getCommand()).containsExactly("bash", "/etc/ghostline-turn/start-coturn.sh");
        assertThat(WiringTest.secretRef(coturn, "TURN_SECRET").getName()).isEqualTo(Manifests.name("turn"));
        assertThat(Manifests.env(coturn, "RUNTIME_DIR").getValue()).isEqualTo("/run/ghostline-turn");
        assertThat(Manifests.env(coturn, "TURN_TEMPLATE").getValue()).isEqualTo("/etc/ghostline-turn/turnserver.conf");
        assertThat(coturn.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/run/ghostline-turn"));
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("tls")).singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo(Manifests.name("turn-tls")));
        // Every placeholder of the template gets a value, or start-coturn.sh refuses to start.
        for (String placeholder : new String[] {"TURN_REALM", "TURN_LISTENING_IP", "TURN_RELAY_IP", "TURN_EXTERNAL_IP",
                "TURN_TLS_CERT", "TURN_TLS_PKEY"}) {
            assertThat(Manifests.env(coturn, placeholder).getValue()).as(placeholder).isNotBlank();
        }
        assertThat(coturn.getLifecycle().getPreStop().getExec().getCommand()).last().asString().startsWith("kill -USR1 1");
    }

    @Test
    void aLoadBalancerExposesTheListeningPortsAndAdvertisesItsAddress() {
        Manifests manifests = production();
        Service service = manifests.get(Service.class, Manifests.name("coturn"));
        Container coturn = manifests.container(Manifests.name("coturn"));

        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(service.getSpec().getPorts()).extracting(CoturnChartTest::describe)
                .contains("3478/UDP->3478", "3478/TCP->3478", "5349/TCP->5349", "443/TCP->443");
        assertThat(manifests.podTemplates().get(Manifests.name("coturn")).getSpec().getHostNetwork()).isNull();
        assertThat(Manifests.env(coturn, "TURN_EXTERNAL_IP").getValue()).isEqualTo("203.0.113.10/$(POD_IP)");
        // Binding 443 needs the image's file capability, which only an escalating exec receives.
        assertThat(coturn.getSecurityContext().getAllowPrivilegeEscalation()).isTrue();
        assertThat(manifests.configMap("signaling").getData().get("GHOSTLINE_SIGNALING_ICE_TURN_URLS"))
                .contains("turns:turn.chat.example.net:443?transport=tcp");
    }

    @Test
    void withoutPort443TheLoadBalancerMaps443ToTheTlsPort() {
        Manifests manifests = Chart.with(Chart.PRODUCTION_VALUES).set("coturn.listenOn443", false).render();

        assertThat(manifests.get(Service.class, Manifests.name("coturn")).getSpec().getPorts())
                .extracting(CoturnChartTest::describe).contains("443/TCP->5349");
        assertThat(manifests.container(Manifests.name("coturn")).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    @Test
    void theImageIsTheConfiguredCoturn() {
        assertThat(defaults().container(Manifests.name("coturn")).getImage()).isEqualTo("docker.io/coturn/coturn:4.9.0");
        assertThat(production().container(Manifests.name("signaling")).getImage()).isEqualTo(
                "registry.example.net/ghostline/signaling-service@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(Map.of("pull", production().podTemplates().get(Manifests.name("coturn")).getSpec().getImagePullSecrets()))
                .extractingByKey("pull").asList().hasSize(1);
    }

    private static String describe(ServicePort port) {
        return port.getPort() + "/" + port.getProtocol() + "->" + port.getTargetPort().getIntVal();
    }
}
