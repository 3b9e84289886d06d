package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Labels, selectors, probes, security contexts, resources and volumes of every workload. */
class WorkloadShapeTest extends ChartTestBase {
    private static final List<String> LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by",
            "app.kubernetes.io/version");
    /** The Quarkus services and the port their health endpoints answer on. */
    private static final Map<String, Integer> QUARKUS_PORTS = Map.of("signaling", 8080, "matchmaker", 8081, "moderation", 8082);

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyResourceCarriesTheRecommendedLabels(String values, Manifests manifests) {
        for (HasMetadata resource : manifests.all()) {
            assertThat(resource.getMetadata().getLabels()).as(resource.getKind() + " " + resource.getMetadata().getName())
                    .containsKeys(LABELS.stream().filter(l -> !l.endsWith("component")).toArray(String[]::new))
                    .containsEntry("app.kubernetes.io/part-of", "ghostline");
        }
        manifests.podTemplates().forEach((name, template) ->
                assertThat(template.getMetadata().getLabels()).as(name).containsKeys(LABELS.toArray(String[]::new)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void workloadSelectorsMatchTheirPodLabels(String values, Manifests manifests) {
        assertThat(manifests.podTemplates()).containsKeys(Manifests.name("signaling"), Manifests.name("matchmaker"),
                Manifests.name("moderation"), Manifests.name("nats"), Manifests.name("coturn"));
        for (Deployment d : manifests.all(Deployment.class)) {
            assertSelects(d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate(), d.getMetadata().getName());
        }
        for (StatefulSet s : manifests.all(StatefulSet.class)) {
            assertSelects(s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate(), s.getMetadata().getName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void servicesSelectOneWorkloadAndTargetItsNamedPorts(String values, Manifests manifests) {
        for (Service service : manifests.all(Service.class)) {
            String name = service.getMetadata().getName();
            List<PodTemplateSpec> selected = manifests.podTemplates().values().stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()))
                    .toList();
            assertThat(selected).as("pods selected by Service " + name).hasSize(1);
            List<ContainerPort> containerPorts = selected.get(0).getSpec().getContainers().get(0).getPorts();
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(containerPorts).as(name + " port " + port.getName())
                        .anySatisfy(cp -> assertThat(port.getTargetPort().getStrVal() != null
                                ? port.getTargetPort().getStrVal().equals(cp.getName())
                                : port.getTargetPort().getIntVal().equals(cp.getContainerPort())).isTrue());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void disruptionBudgetsSelectAWorkload(String values, Manifests manifests) {
        List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class);
        assertThat(budgets).extracting(b -> b.getMetadata().getName()).contains(Manifests.name("signaling"),
                Manifests.name("moderation"), Manifests.name("matchmaker"), Manifests.name("nats"));
        for (PodDisruptionBudget budget : budgets) {
            assertThat(manifests.podTemplates().values()).as(budget.getMetadata().getName())
                    .anySatisfy(t -> assertThat(t.getMetadata().getLabels())
                            .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void quarkusProbesUseTheHealthEndpointsOnTheManagementPort(String values, Manifests manifests) {
        QUARKUS_PORTS.forEach((component, port) -> {
            Container container = manifests.container(Manifests.name(component));
            assertThat(container.getPorts()).as(component).extracting(p -> p.getName() + ":" + p.getContainerPort())
                    .containsExactlyInAnyOrder("http:" + port, "management:" + MANAGEMENT_PORT);
            assertHttpProbe(container.getStartupProbe(), "/q/health/started", "management");
            assertHttpProbe(container.getLivenessProbe(), "/q/health/live", "management");
            assertHttpProbe(container.getReadinessProbe(), "/q/health/ready", "management");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void natsAndCoturnProbesCheckTheirOwnHealth(String values, Manifests manifests) {
        Container nats = manifests.container(Manifests.name("nats"));
        assertThat(nats.getPorts()).anySatisfy(p -> assertThat(p.getName() + ":" + p.getContainerPort()).isEqualTo("monitor:8222"));
        assertHttpProbe(nats.getStartupProbe(), "/healthz?js-enabled-only=true", "monitor");
        assertHttpProbe(nats.getLivenessProbe(), "/healthz?js-enabled-only=true", "monitor");
        assertHttpProbe(nats.getReadinessProbe(), "/healthz?js-server-only=true", "monitor");

        Container coturn = manifests.container(Manifests.name("coturn"));
        for (Probe probe : List.of(coturn.getStartupProbe(), coturn.getLivenessProbe(), coturn.getReadinessProbe())) {
            assertThat(probe.getTcpSocket().getPort().getIntVal()).isEqualTo(3478);
        }
    }

    /** Workloads and helm test Pods alike, and every container in them, init containers included. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyPodIsNonRootReadOnlyWithoutCapabilitiesAndSeccompDefault(String values, Manifests manifests) {
        Map<String, PodSpec> pods = manifests.podSpecs();
        assertThat(pods.keySet()).as("helm test Pods are checked too").contains(Manifests.name("test-signaling"));
        pods.forEach((name, pod) -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
        });
        Map<String, Container> containers = manifests.containers();
        assertThat(containers).hasSizeGreaterThanOrEqualTo(pods.size());
        containers.forEach((name, container) -> {
            SecurityContext security = container.getSecurityContext();
            assertThat(security).as(name).isNotNull();
            assertThat(security.getRunAsNonRoot()).as(name).isTrue();
            assertThat(security.getRunAsUser()).as(name).isPositive();
            assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
            assertThat(security.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            if (name.startsWith(Manifests.name("coturn") + "/")) {
                // The official image's turnserver carries a file capability; see coturn/deployment.yaml.
                assertThat(security.getCapabilities().getAdd()).containsExactly("NET_BIND_SERVICE");
            } else {
                assertThat(security.getCapabilities().getAdd()).as(name).isNullOrEmpty();
                assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void helmTestPodsAreTestHooksThatCleanUpAndNeverRestart(String values, Manifests manifests) {
        List<Pod> tests = manifests.all(Pod.class);
        assertThat(tests).isNotEmpty();
        for (Pod test : tests) {
            String name = test.getMetadata().getName();
            // Renamed from helm.sh/hook for rendering: see Chart.HOOK_ANNOTATION.
            assertThat(test.getMetadata().getAnnotations()).as(name)
                    .containsEntry(Chart.HOOK_ANNOTATION, "test")
                    .containsEntry(Chart.HOOK_ANNOTATION + "-delete-policy", "before-hook-creation,hook-succeeded");
            assertThat(test.getSpec().getRestartPolicy()).as(name).isEqualTo("Never");
            assertThat(test.getSpec().getAutomountServiceAccountToken()).as(name).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyContainerHasCpuAndMemoryRequestsAndAMemoryLimit(String values, Manifests manifests) {
        manifests.containers().forEach((name, container) -> {
            assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(name).containsKey("memory");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void nothingIsWrittenToADisk(String values, Manifests manifests) {
        manifests.podSpecs().forEach((name, pod) -> {
            for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
                assertThat(volume.getHostPath()).as(name + " " + volume.getName()).isNull();
                assertThat(volume.getPersistentVolumeClaim()).as(name + " " + volume.getName()).isNull();
                if (volume.getEmptyDir() != null) {
                    assertThat(volume.getEmptyDir().getMedium()).as(name + " " + volume.getName()).isEqualTo("Memory");
                }
            }
        });
        // Every workload writes somewhere (at least /tmp), and only to its memory-backed volumes.
        manifests.podTemplates().forEach((name, template) ->
                assertThat(template.getSpec().getVolumes()).as(name + " volumes").isNotEmpty());
        assertThat(manifests.all(StatefulSet.class)).allSatisfy(s -> assertThat(s.getSpec().getVolumeClaimTemplates()).isNullOrEmpty());
        QUARKUS_PORTS.keySet().forEach(component -> assertThat(manifests.container(Manifests.name(component)).getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void signalingGetsTimeToDrainAndSpreadsOverZonesAndNodes(String values, Manifests manifests) {
        PodSpec pod = manifests.podTemplates().get(Manifests.name("signaling")).getSpec();
        String drain = manifests.configMap("signaling").getData().get("GHOSTLINE_SIGNALING_DRAIN_TIMEOUT");
        long drainSeconds = Long.parseLong(drain.replace("s", ""));
        long preStopSeconds = Long.parseLong(pod.getContainers().get(0).getLifecycle().getPreStop().getExec().getCommand().get(1));
        // The preStop delay, the drain, and 5 s for Quarkus to shut down all fit in the grace period.
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(preStopSeconds + drainSeconds + 5);
        assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey())
                .containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(Manifests.env(pod.getContainers().get(0), "GHOSTLINE_SIGNALING_POD_ID").getValueFrom().getFieldRef()
                .getFieldPath()).isEqualTo("metadata.name");
    }

    private static void assertSelects(Map<String, String> selector, PodTemplateSpec template, String name) {
        assertThat(selector).as(name + " selector").containsKeys("app.kubernetes.io/instance", "app.kubernetes.io/component");
        assertThat(template.getMetadata().getLabels()).as(name + " pod labels").containsAllEntriesOf(selector);
    }

    private static void assertHttpProbe(Probe probe, String path, String port) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(port);
    }
}
