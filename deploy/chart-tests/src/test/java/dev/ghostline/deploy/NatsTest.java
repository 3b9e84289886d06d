package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The in-chart NATS cluster, and the external NATS that replaces it. */
class NatsTest extends ChartTestBase {
    /** Stand-ins for the nats-auth Secret's keys, shaped like the ones the chart generates. */
    private static final Map<String, String> NATS_AUTH = Map.of(
            "user", "ghostline", "password", "pClientPassword0123456789abcdefghijklmno",
            "route-user", "route", "route-password", "rRoutePassword0123456789abcdefghijklmno");

    @Test
    void threeServersWithRoutesAuthenticationAndMemoryOnlyJetStream() {
        Manifests manifests = defaults();
        StatefulSet nats = manifests.get(StatefulSet.class, Manifests.name("nats"));
        String conf = manifests.configMap("nats").getData().get("nats.conf");

        assertThat(nats.getSpec().getReplicas()).isEqualTo(3);
        assertThat(nats.getSpec().getServiceName()).isEqualTo(Manifests.name("nats") + "-headless");
        assertThat(nats.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(conf).contains("max_file_store: 0", "store_dir: /data/jetstream", "no_advertise: true",
                "user: $NATS_USER", "password: $NATS_PASSWORD", "server_name: $POD_NAME");
        PodSpec pod = nats.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertThat(Manifests.env(server, "NATS_ROUTE_HOSTS").getValue().split(" ")).containsExactly(
                IntStream.range(0, 3).mapToObj(i -> Manifests.name("nats") + "-" + i + "." + Manifests.name("nats")
                        + "-headless.chat.svc:6222").toArray(String[]::new));
        assertThat(server.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data/jetstream"));
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("jetstream"))
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory"));
        assertThat(String.join(" ", server.getLifecycle().getPreStop().getExec().getCommand()))
                .contains("nats-server --signal ldm=/var/run/nats/nats.pid");
        assertThat(conf).contains("pid_file: /var/run/nats/nats.pid");
        // A patch release, so all servers and every later upgrade run the same nats-server.
        assertThat(server.getImage()).matches("docker\\.io/nats:2\\.10\\.\\d+-alpine");
    }

    @Test
    void routesAuthenticateWithTheirOwnCredentialsFromTheAuthSecret() {
        Manifests manifests = defaults();
        String conf = manifests.configMap("nats").getData().get("nats.conf");
        Container server = manifests.container(Manifests.name("nats"));

        String cluster = conf.substring(conf.indexOf("cluster {"));
        assertThat(cluster).contains("authorization {", "user: $NATS_ROUTE_USER", "password: $NATS_ROUTE_PASSWORD",
                "include \"../../var/run/nats/routes.conf\"");
        // The URLs with credentials exist only in the pod's memory (start-nats.sh), never in the ConfigMap.
        assertThat(conf).doesNotContain("routes:", "routes =", "nats://");
        SecretKeySelector user = WiringTest.secretRef(server, "NATS_ROUTE_USER");
        SecretKeySelector password = WiringTest.secretRef(server, "NATS_ROUTE_PASSWORD");
        assertThat(user.getName() + "/" + user.getKey()).isEqualTo(Manifests.name("nats-auth") + "/route-user");
        assertThat(password.getName() + "/" + password.getKey()).isEqualTo(Manifests.name("nats-auth") + "/route-password");
        assertThat(server.getCommand()).containsExactly("sh", "/etc/nats/start-nats.sh");
        // Clients never get the route credentials.
        for (String component : List.of("signaling", "matchmaker", "moderation")) {
            assertThat(manifests.container(Manifests.name(component)).getEnv())
                    .noneMatch(e -> e.getName().startsWith("NATS_ROUTE"));
        }
    }

    static List<Arguments> natsRenders() {
        List<Arguments> renders = new ArrayList<>(renders());
        renders.add(Arguments.of("one server", Chart.defaults().set("nats.replicas", 1).render()));
        return renders;
    }

    /** nats-server itself reads the rendered config, with the routes file the entrypoint writes (see NatsServerCheck). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("natsRenders")
    void natsServerAcceptsTheRenderedConfigAndTheRoutesCarryTheRouteCredentials(String values, Manifests manifests) {
        NatsServerCheck.Result result = NatsServerCheck.run(manifests, NATS_AUTH, Set.of());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("is valid");
        int servers = manifests.get(StatefulSet.class, Manifests.name("nats")).getSpec().getReplicas();
        if (servers == 1) {
            assertThat(result.routes()).as("a single server has no routes").isNull();
            return;
        }
        String name = Manifests.name("nats");
        assertThat(result.routes().lines().map(String::strip).filter(l -> l.startsWith("\""))).containsExactly(
                IntStream.range(0, servers).mapToObj(i -> "\"nats://route:" + NATS_AUTH.get("route-password") + "@" + name
                        + "-" + i + "." + name + "-headless.chat.svc:6222\"").toArray(String[]::new));
        assertThat(result.routesPermissions()).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void theCheckNoticesAMissingCredential() {
        NatsServerCheck.Result result = NatsServerCheck.run(defaults(), NATS_AUTH, Set.of("NATS_PASSWORD"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("NATS_PASSWORD");
    }

    @Test
    void theEntrypointRefusesARouteCredentialThatCouldInjectConfiguration() {
        Map<String, String> auth = new HashMap<>(NATS_AUTH);
        auth.put("route-password", "rInjected\"\n]\nlisten: 0.0.0.0:9999\n#");

        NatsServerCheck.Result result = NatsServerCheck.run(defaults(), auth, Set.of());

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.output()).contains("NATS_ROUTE_PASSWORD must be letters, digits").doesNotContain("rInjected");
        assertThat(result.routes()).isNull();
    }

    /**
     * The StatefulSet controller labels pods controller-revision-hash=<name>-<hash of up to 10 characters>, a
     * label value of at most 63 characters; the headless Service's name must be a DNS label too.
     */
    @Test
    void aLongReleaseNameKeepsTheNatsNamesWithinKubernetesLimits() {
        // As long as Helm allows (53): componentName alone would give a 55-character StatefulSet name.
        String release = "release-".repeat(7).substring(0, 53);
        Manifests manifests = Chart.defaults().release(release).render();

        StatefulSet nats = manifests.all(StatefulSet.class).get(0);
        String name = nats.getMetadata().getName();
        assertThat(name.length() + 1 + 10).as(name + "-<revision hash>").isLessThanOrEqualTo(63);
        assertThat(nats.getSpec().getServiceName()).isEqualTo(name + "-headless").hasSizeLessThanOrEqualTo(63);
        Container server = nats.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(Manifests.env(server, "NATS_ROUTE_HOSTS").getValue()).startsWith(name + "-0." + name + "-headless.chat.svc:6222 ");
        Container signaling = manifests.all(io.fabric8.kubernetes.api.model.apps.Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().endsWith("-signaling")).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(Manifests.env(signaling, "GHOSTLINE_NATS_URL").getValue())
                .startsWith("nats://$(NATS_USER):$(NATS_PASSWORD)@" + name + "-0." + name + "-headless.chat.svc:4222,");
        assertThat(manifests.all(Service.class)).extracting(s -> s.getMetadata().getName())
                .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(63));
    }

    @Test
    void headlessServiceListsServersBeforeTheyAreReady() {
        Service headless = defaults().get(Service.class, Manifests.name("nats") + "-headless");

        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactlyInAnyOrder(4222, 6222, 8222);
        assertThat(defaults().get(Service.class, Manifests.name("nats")).getSpec().getPorts())
                .extracting(p -> p.getPort()).containsExactly(4222);
    }

    @Test
    void aSingleServerHasNoClusterBlock() {
        Manifests manifests = Chart.defaults().set("nats.replicas", 1).render();

        assertThat(manifests.configMap("nats").getData().get("nats.conf")).doesNotContain("cluster {");
        assertThat(manifests.configMap("signaling").getData()).containsEntry("GHOSTLINE_NATS_STREAM_REPLICAS", "1");
    }

    @Test
    void anExternalUrlReplacesTheCluster() {
        Manifests manifests = Chart.defaults().set("nats.enabled", false)
                .set("nats.external.url", "nats://nats-a.infra:4222,nats://nats-b.infra:4222")
                .set("nats.external.streamReplicas", 2).render();

        assertThat(manifests.all(StatefulSet.class)).isEmpty();
        assertThat(manifests.find(ConfigMap.class, Manifests.name("nats"))).isEmpty();
        assertThat(manifests.find(NetworkPolicy.class, Manifests.name("nats"))).isEmpty();
        assertThat(manifests.all(Service.class)).noneMatch(s -> s.getMetadata().getName().contains("nats"));
        for (String component : List.of("signaling", "matchmaker", "moderation")) {
            Container container = manifests.container(Manifests.name(component));
            assertThat(Manifests.env(container, "GHOSTLINE_NATS_URL").getValue())
                    .isEqualTo("nats://nats-a.infra:4222,nats://nats-b.infra:4222");
            assertThat(Manifests.hasEnv(container, "NATS_PASSWORD")).isFalse();
            assertThat(manifests.configMap(component).getData()).containsEntry("GHOSTLINE_NATS_STREAM_REPLICAS", "2");
        }
    }

    @Test
    void anExternalUrlWithCredentialsComesFromASecret() {
        Manifests manifests = Chart.defaults().set("nats.enabled", false)
                .set("nats.external.existingSecret", "ops-nats-url").render();

        Container signaling = manifests.container(Manifests.name("signaling"));
        assertThat(WiringTest.secretRef(signaling, "GHOSTLINE_NATS_URL").getName()).isEqualTo("ops-nats-url");
        assertThat(WiringTest.secretRef(signaling, "GHOSTLINE_NATS_URL").getKey()).isEqualTo("url");
    }
}
