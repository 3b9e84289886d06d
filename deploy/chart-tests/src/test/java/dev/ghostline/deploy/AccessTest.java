package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
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
    void onlyGhostlinePodsReachNatsAndOnlyNatsPodsReachItsRoutes(String values, Manifests manifests) {
        NetworkPolicy nats = manifests.get(NetworkPolicy.class, Manifests.name("nats"));
        assertThat(nats.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "nats");
        assertThat(nats.getSpec().getPolicyTypes()).containsExactly("Ingress");

        NetworkPolicyIngressRule clients = rule(nats, 4222);
        assertThat(clients.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector()).isNull();
            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of(
                    "app.kubernetes.io/part-of", "ghostline", "app.kubernetes.io/instance", Chart.RELEASE));
        });
        NetworkPolicyIngressRule routes = rule(nats, 6222);
        assertThat(routes.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                .isEqualTo(manifests.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, Manifests.name("nats"))
                        .getSpec().getSelector().getMatchLabels()));
        // Every workload that talks to NATS carries the labels the client rule admits.
        for (String component : List.of("signaling", "matchmaker", "moderation")) {
            assertThat(manifests.podTemplates().get(Manifests.name(component)).getMetadata().getLabels())
                    .containsAllEntriesOf(clients.getFrom().get(0).getPodSelector().getMatchLabels());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void onlyTheIngressControllerReachesSignalingAndModeration(String values, Manifests manifests) {
        Map<String, Integer> publicPorts = Map.of("signaling", 8080, "moderation", 8082);
        publicPorts.forEach((component, port) -> {
            NetworkPolicy policy = manifests.get(NetworkPolicy.class, Manifests.name(component));
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", component);
            assertThat(policy.getSpec().getIngress()).hasSize(1);
            List<NetworkPolicyPeer> from = rule(policy, port).getFrom();
            assertThat(from).anySatisfy(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "ingress-nginx");
            });
            // Besides the ingress: only this release's helm test pods and configured metrics scrapers, never "anyone".
            assertThat(from).allSatisfy(peer -> assertThat(peer.getPodSelector() != null || peer.getNamespaceSelector() != null).isTrue());
        });
        NetworkPolicy matchmaker = manifests.get(NetworkPolicy.class, Manifests.name("matchmaker"));
        assertThat(rule(matchmaker, 8081).getFrom()).noneMatch(peer -> peer.getNamespaceSelector() != null
                && peer.getNamespaceSelector().getMatchLabels().containsValue("ingress-nginx"));
    }

    private static NetworkPolicyIngressRule rule(NetworkPolicy policy, int port) {
        return policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
                .findFirst().orElseThrow(() -> new AssertionError(policy.getMetadata().getName() + " has no rule for " + port));
    }
}
