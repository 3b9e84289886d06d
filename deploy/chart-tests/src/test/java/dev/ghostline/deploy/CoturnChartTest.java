package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
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
        // Only a headless Service for helm test to find the relays' node addresses: it forwards nothing.
        Service discovery = manifests.get(Service.class, Manifests.name("coturn"));
        assertThat(discovery.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(discovery.getSpec().getType()).isNull();
        assertThat(discovery.getSpec().getPorts()).extracting(CoturnChartTest::describe).containsExactly("3478/TCP->3478");
        assertThat(Manifests.env(coturn, "TURN_EXTERNAL_IP").getValue()).isEqualTo("$(POD_IP)");
        assertThat(manifests.configMap("coturn").getData().get("turnserver.conf")).contains("\nmin-port=49152\n", "\nmax-port=65535\n");
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

    @Test
    void theLoadBalancerListsEveryRelayPortOfTheRenderedRange() {
        Manifests manifests = production();
        Service service = manifests.get(Service.class, Manifests.name("coturn"));
        Container coturn = manifests.container(Manifests.name("coturn"));

        List<String> relays = IntStream.rangeClosed(50000, 50039).mapToObj(p -> p + "/UDP->" + p).toList();
        assertThat(service.getSpec().getPorts()).extracting(CoturnChartTest::describe).containsAll(relays).hasSize(45);
        assertThat(coturn.getPorts()).filteredOn(p -> p.getName().startsWith("relay-")).hasSize(40)
                .allSatisfy(p -> assertThat(p.getProtocol()).isEqualTo("UDP"));
        String conf = manifests.configMap("coturn").getData().get("turnserver.conf");
        assertThat(conf).contains("\nmin-port=50000\n", "\nmax-port=50039\n").doesNotContain("min-port=49152");
    }

    @Test
    void aLoadBalancerDefaultsToASmallRelayRange() {
        Manifests manifests = Chart.defaults().set("coturn.exposure", "loadBalancer").set("coturn.externalIP", "203.0.113.10")
                .render();

        assertThat(manifests.get(Service.class, Manifests.name("coturn")).getSpec().getPorts())
                .filteredOn(p -> p.getName().startsWith("relay-")).extracting(ServicePort::getPort)
                .containsExactlyElementsOf(IntStream.rangeClosed(49152, 49191).boxed().toList());
        assertThat(manifests.configMap("coturn").getData().get("turnserver.conf")).contains("\nmax-port=49191\n");
    }

    @Test
    void autoLetsEachRelayDetectItsNodesAddress() {
        Container coturn = example().container(Manifests.name("coturn"));

        assertThat(Manifests.env(coturn, "TURN_EXTERNAL_IP").getValue()).isEqualTo("auto/$(POD_IP)");
        assertThat(example().get(io.fabric8.kubernetes.api.model.apps.Deployment.class, Manifests.name("coturn"))
                .getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void theTlsSecretIsOptionalSoTurnStartsWithoutIt() {
        PodSpec pod = defaults().podTemplates().get(Manifests.name("coturn")).getSpec();

        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("tls")).singleElement()
                .satisfies(v -> assertThat(v.getSecret().getOptional()).isTrue());
        assertThat(Manifests.env(pod.getContainers().get(0), "TURN_TLS").getValue()).isEqualTo("optional");
    }

    @Test
    void withTlsOffThereIsNoSecretNoTlsPortAndNoTurnsUrl() {
        Manifests manifests = Chart.with(Chart.PRODUCTION_VALUES).set("coturn.tls.enabled", false).render();
        PodSpec pod = manifests.podTemplates().get(Manifests.name("coturn")).getSpec();

        assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals("tls"));
        assertThat(Manifests.env(pod.getContainers().get(0), "TURN_TLS").getValue()).isEqualTo("off");
        assertThat(manifests.get(Service.class, Manifests.name("coturn")).getSpec().getPorts())
                .noneMatch(p -> p.getPort() == 5349 || p.getPort() == 443);
        assertThat(manifests.configMap("signaling").getData().get("GHOSTLINE_SIGNALING_ICE_TURN_URLS"))
                .doesNotContain("turns:").contains("turn:turn.chat.example.net:3478?transport=udp");
    }

    private static String describe(ServicePort port) {
        return port.getPort() + "/" + port.getProtocol() + "->" + port.getTargetPort().getIntVal();
    }
}
