package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may do what: RBAC for the matchmaker's Lease, service account tokens, NetworkPolicies. */
class AccessTest extends ChartTestBase {
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void theOnlyRoleGrantsLeasesAndNothingElse(String values, Manifests manifests) {
        Role role = manifests.all(Role.class).stream().reduce((a, b) -> {
            throw new AssertionError("more than one Role");
        }).orElseThrow();
        assertThat(role.getRules()).isNotEmpty();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).isSubsetOf("get", "create", "update", "patch");
        }
        // Reading and renewing are limited to the matchmaker's own Lease, whose name the matchmaker is told.
        String lease = manifests.configMap("matchmaker").getData().get("GHOSTLINE_MATCHMAKER_LEADER_ELECTION_LEASE_NAME");
        // fabric8's LeaseLock (7.8) renews with a JSON merge patch: without patch the leader could never renew.
        assertThat(role.getRules()).filteredOn(r -> r.getVerbs().contains("patch"))
                .singleElement().satisfies(r -> {
                    assertThat(r.getResourceNames()).containsExactly(lease);
                    assertThat(r.getVerbs()).contains("get");
                });
        assertThat(role.getRules()).filteredOn(r -> r.getVerbs().contains("create")).isNotEmpty();
        assertThat(manifests.configMap("matchmaker").getData())
                .containsEntry("GHOSTLINE_MATCHMAKER_LEADER_ELECTION_MODE", "kubernetes");

        RoleBinding binding = manifests.all(RoleBinding.class).get(0);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(Manifests.name("matchmaker"));
            assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void onlyTheMatchmakerGetsAnApiToken(String values, Manifests manifests) {
        manifests.podTemplates().forEach((name, template) -> {
            PodSpec pod = template.getSpec();
            if (name.equals(Manifests.name("matchmaker"))) {
                assertThat(pod.getServiceAccountName()).isEqualTo(Manifests.name("matchmaker"));
                assertThat(pod.getAutomountServiceAccountToken()).isTrue();
                assertThat(pod.getContainers().get(0).getEnv()).filteredOn(e -> e.getName().startsWith("POD_"))
                        .extracting(e -> e.getName() + "=" + e.getValueFrom().getFieldRef().getFieldPath())
                        .containsExactlyInAnyOrder("POD_NAMESPACE=metadata.namespace", "POD_NAME=metadata.name");
            } else {
                assertThat(pod.getServiceAccountName()).as(name).isNotEqualTo(Manifests.name("matchmaker"));
                assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void onlyTheServicesReachNatsAndOnlyNatsPodsReachItsRoutes(String values, Manifests manifests) {
        NetworkPolicy nats = manifests.get(NetworkPolicy.class, Manifests.name("nats"));
        assertThat(nats.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "nats");
        assertThat(nats.getSpec().getPolicyTypes()).containsExactly("Ingress");
        Map<String, PodTemplateSpec> templates = manifests.podTemplates();

        // Clients: exactly the services that use NATS, of this release; not coturn, not helm test, not NATS itself.
        assertThat(rule(nats, 4222).getFrom()).allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNull());
        for (String component : List.of("signaling", "matchmaker", "moderation")) {
            assertThat(Selectors.admits(nats, labels(templates, component), 4222)).as(component).isTrue();
        }
        for (String component : List.of("coturn", "nats")) {
            assertThat(Selectors.admits(nats, labels(templates, component), 4222)).as(component).isFalse();
        }
        manifests.all(Pod.class).forEach(test -> assertThat(Selectors.admits(nats, test.getMetadata().getLabels(), 4222))
                .as(test.getMetadata().getName()).isFalse());
        Map<String, String> otherRelease = new HashMap<>(labels(templates, "signaling"));
        otherRelease.put("app.kubernetes.io/instance", "other");
        assertThat(Selectors.admits(nats, otherRelease, 4222)).as("another release's signaling").isFalse();

        // Routes: only the NATS servers.
        assertThat(Selectors.admits(nats, labels(templates, "nats"), 6222)).isTrue();
        for (String component : List.of("signaling", "matchmaker", "moderation", "coturn")) {
            assertThat(Selectors.admits(nats, labels(templates, component), 6222)).as(component).isFalse();
        }
    }

    /**
     * Every helm test pod is let in by the NetworkPolicy of each pod it connects to: the targets are read from
     * the test pod's own command and resolved through the Services to pods and container ports. Host-network pods
     * (coturn) are outside NetworkPolicies altogether.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void helmTestPodsAreLetInWhereTheyConnect(String values, Manifests manifests) {
        List<Pod> tests = manifests.all(Pod.class);
        assertThat(tests).extracting(p -> p.getMetadata().getName()).contains(Manifests.name("test-signaling-ws"),
                Manifests.name("test-coturn"), Manifests.name("test-nats"));
        for (Pod test : tests) {
            String name = test.getMetadata().getName();
            Matcher target = TARGET.matcher(String.join(" ", test.getSpec().getContainers().get(0).getCommand()));
            int targets = 0;
            while (target.find()) {
                targets++;
                String host = target.group(1);
                int port = Integer.parseInt(target.group(2));
                Service service = serviceFor(manifests, host);
                PodTemplateSpec pods = manifests.podTemplates().values().stream()
                        .filter(t -> Selectors.selects(new LabelSelector(null, service.getSpec().getSelector()),
                                t.getMetadata().getLabels()))
                        .findFirst().orElseThrow(() -> new AssertionError(host + " selects no pods"));
                int containerPort = containerPort(service, pods, port);
                List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class).stream()
                        .filter(p -> Selectors.selects(p.getSpec().getPodSelector(), pods.getMetadata().getLabels()))
                        .toList();
                boolean publicRelay = "coturn".equals(pods.getMetadata().getLabels().get("app.kubernetes.io/component"));
                if (Boolean.TRUE.equals(pods.getSpec().getHostNetwork()) || publicRelay && policies.isEmpty()) {
                    continue; // the relay is public by design: no policy, and none applies to host networking
                }
                assertThat(policies).as("%s -> %s: a NetworkPolicy guards it", name, host).isNotEmpty();
                for (NetworkPolicy policy : policies) {
                    assertThat(Selectors.admits(policy, test.getMetadata().getLabels(), containerPort))
                            .as("%s -> %s:%d let in by %s", name, host, port, policy.getMetadata().getName()).isTrue();
                }
            }
            assertThat(targets).as(name + " connects somewhere").isPositive();
        }
    }

    /** {@code http://host:port} and {@code telnet://host:port} in a test pod's command. */
    private static final Pattern TARGET = Pattern.compile("(?:https?|telnet)://([a-z0-9.-]+):(\\d+)");

    /** A Service's name, or for {@code <pod>.<headless service>} the second label. */
    private static Service serviceFor(Manifests manifests, String host) {
        String[] labels = host.split("\\.");
        return manifests.find(Service.class, labels[0])
                .or(() -> labels.length > 1 ? manifests.find(Service.class, labels[1]) : java.util.Optional.empty())
                .orElseThrow(() -> new AssertionError("no Service for " + host));
    }

    private static int containerPort(Service service, PodTemplateSpec pods, int servicePort) {
        ServicePort port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == servicePort
                && "TCP".equals(p.getProtocol() == null ? "TCP" : p.getProtocol())).findFirst()
                .orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " has no TCP port " + servicePort));
        if (port.getTargetPort().getStrVal() == null) {
            return port.getTargetPort().getIntVal();
        }
        return pods.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .filter(cp -> port.getTargetPort().getStrVal().equals(cp.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port " + port.getTargetPort().getStrVal()))
                .getContainerPort();
    }

    private static Map<String, String> labels(Map<String, PodTemplateSpec> templates, String component) {
        return templates.get(Manifests.name(component)).getMetadata().getLabels();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void onlyTheIngressControllerReachesSignalingAndModeration(String values, Manifests manifests) {
        Map<String, Integer> publicPorts = Map.of("signaling", 8080, "moderation", 8082);
        publicPorts.forEach((component, port) -> {
            NetworkPolicy policy = manifests.get(NetworkPolicy.class, Manifests.name(component));
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", component);
            assertThat(policy.getSpec().getIngress()).hasSize(2);
            List<NetworkPolicyPeer> from = rule(policy, port).getFrom();
            assertThat(from).anySatisfy(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "ingress-nginx");
            });
            // Besides the ingress: only this release's helm test pods and configured metrics scrapers, never "anyone".
            assertThat(from).allSatisfy(peer -> assertThat(peer.getPodSelector() != null || peer.getNamespaceSelector() != null).isTrue());
        });
        NetworkPolicy matchmaker = manifests.get(NetworkPolicy.class, Manifests.name("matchmaker"));
        assertThat(matchmaker.getSpec().getIngress()).as("the matchmaker serves nothing but health and metrics")
                .singleElement().satisfies(r -> assertThat(r.getPorts()).singleElement()
                        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(MANAGEMENT_PORT)));
        for (String component : List.of("signaling", "moderation", "matchmaker")) {
            NetworkPolicy policy = manifests.get(NetworkPolicy.class, Manifests.name(component));
            assertThat(rule(policy, MANAGEMENT_PORT).getFrom()).as(component + ": health and metrics stay inside")
                    .noneMatch(AccessTest::isIngressController);
        }
    }

    /** Health and metrics (/q/) are on each service's management port, and no Ingress routes to it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void noIngressReachesTheManagementPort(String values, Manifests manifests) {
        List<Ingress> ingresses = manifests.all(Ingress.class);
        assertThat(ingresses).isNotEmpty();
        for (Ingress ingress : ingresses) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                String backendPort = path.getBackend().getService().getPort().getName();
                assertThat(backendPort).as(ingress.getMetadata().getName() + " " + path.getPath()).isEqualTo("http");
                Service service = manifests.get(Service.class, path.getBackend().getService().getName());
                assertThat(service.getSpec().getPorts()).filteredOn(p -> p.getName().equals(backendPort))
                        .singleElement().satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
            }));
        }
    }

    private static boolean isIngressController(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() != null
                && peer.getNamespaceSelector().getMatchLabels().containsValue("ingress-nginx");
    }

    private static NetworkPolicyIngressRule rule(NetworkPolicy policy, int port) {
        return policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
                .findFirst().orElseThrow(() -> new AssertionError(policy.getMetadata().getName() + " has no rule for " + port));
    }
}
