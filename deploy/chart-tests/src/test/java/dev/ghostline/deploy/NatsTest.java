package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-chart NATS cluster, and the external NATS that replaces it. */
class NatsTest extends ChartTestBase {

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
        for (int i = 0; i < 3; i++) {
            assertThat(conf).contains("nats://" + Manifests.name("nats") + "-" + i + "." + Manifests.name("nats")
                    + "-headless.chat.svc:6222");
        }
        PodSpec pod = nats.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertThat(server.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data/jetstream"));
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("jetstream"))
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory"));
        assertThat(String.join(" ", server.getLifecycle().getPreStop().getExec().getCommand()))
                .contains("nats-server --signal ldm=/var/run/nats/nats.pid");
        assertThat(conf).contains("pid_file: /var/run/nats/nats.pid");
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
