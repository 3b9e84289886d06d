package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How the pieces find each other: Secrets, NATS, ConfigMaps, autoscalers and the ingress. */
class WiringTest extends ChartTestBase {
    private static final List<String> SERVICES = List.of("signaling", "matchmaker", "moderation");
    /** ConfigMap keys that would hold a secret (TOKEN_TTL-style durations are fine). */
    private static final Pattern SECRET_LOOKING_KEY =
            Pattern.compile("(?i).*(secret|password|passwd|api_?keys?|credential|private|_token$).*");

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyServiceTakesTheClusterSecretAndNatsFromSecrets(String values, Manifests manifests) {
        for (String component : SERVICES) {
            Container container = manifests.container(Manifests.name(component));
            SecretKeySelector cluster = secretRef(container, "GHOSTLINE_CLUSTER_SECRET");
            assertThat(cluster.getName() + "/" + cluster.getKey()).as(component)
                    .isIn(Manifests.name("cluster") + "/cluster-secret", "ops-cluster-secret/secret");
            assertNatsUrlWired(manifests, container, component);
            assertThat(container.getEnvFrom()).as(component).singleElement()
                    .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(Manifests.name(component)));
            assertThat(manifests.find(ConfigMap.class, Manifests.name(component))).as(component).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void signalingAndCoturnShareTheTurnSecretAndModerationGetsItsKeys(String values, Manifests manifests) {
        SecretKeySelector signaling = secretRef(manifests.container(Manifests.name("signaling")), "GHOSTLINE_SIGNALING_ICE_TURN_SECRET");
        SecretKeySelector coturn = secretRef(manifests.container(Manifests.name("coturn")), "TURN_SECRET");
        assertThat(signaling).isEqualTo(coturn);
        assertThat(signaling.getName()).isIn(Manifests.name("turn"), "ops-turn-secret");

        SecretKeySelector keys = secretRef(manifests.container(Manifests.name("moderation")), "GHOSTLINE_MODERATION_API_KEYS");
        assertThat(keys.getName() + "/" + keys.getKey())
                .isIn(Manifests.name("moderator-api-keys") + "/api-keys", "ops-moderator-keys/keys");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyReferencedSecretIsRenderedOrNamedAsExisting(String values, Manifests manifests) {
        List<String> rendered = manifests.all(io.fabric8.kubernetes.api.model.Secret.class).stream()
                .map(s -> s.getMetadata().getName()).toList();
        manifests.containers().forEach((name, container) -> container.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .forEach(secret -> assertThat(rendered.contains(secret) || secret.startsWith("ops-"))
                        .as(name + " references " + secret).isTrue()));
        manifests.all(io.fabric8.kubernetes.api.model.Secret.class).forEach(secret -> assertThat(
                secret.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void noConfigMapHoldsASecret(String values, Manifests manifests) {
        List<String> secretValues = manifests.secretValues();
        for (ConfigMap configMap : manifests.all(ConfigMap.class)) {
            String name = configMap.getMetadata().getName();
            assertThat(configMap.getData().keySet()).as(name).noneMatch(k -> SECRET_LOOKING_KEY.matcher(k).matches());
            for (Map.Entry<String, String> entry : configMap.getData().entrySet()) {
                assertThat(secretValues).as(name + "/" + entry.getKey())
                        .noneMatch(secret -> entry.getValue().contains(secret));
                assertThat(entry.getValue().lines()).as(name + "/" + entry.getKey())
                        .noneMatch(line -> line.matches("\\s*(static-auth-secret|password|token)\\s*[=:]\\s*[^$\\s].*"));
            }
        }
        assertThat(manifests.all(ConfigMap.class)).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void autoscalersTargetTheirDeployments(String values, Manifests manifests) {
        List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class);
        assertThat(autoscalers).extracting(h -> h.getMetadata().getName()).contains(Manifests.name("signaling"));
        for (HorizontalPodAutoscaler hpa : autoscalers) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(target).isIn(Manifests.name("signaling"), Manifests.name("moderation"));
            Deployment deployment = manifests.get(Deployment.class, target);
            // A fixed replica count would fight the autoscaler on every upgrade.
            assertThat(deployment.getSpec().getReplicas()).as(target).isNull();
            assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        }
        HorizontalPodAutoscaler signaling = manifests.get(HorizontalPodAutoscaler.class, Manifests.name("signaling"));
        assertThat(signaling.getSpec().getBehavior().getScaleDown().getPolicies())
                .singleElement().satisfies(p -> assertThat(p.getType() + ":" + p.getValue()).isEqualTo("Pods:1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void ingressesRouteThePageAndWebSocketToSignalingAndV1ToModeration(String values, Manifests manifests) {
        assertRoute(manifests, "signaling", "/", 8080);
        assertRoute(manifests, "moderation", "/v1/", 8082);
        Ingress signaling = manifests.get(Ingress.class, Manifests.name("signaling"));
        assertThat(signaling.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
        assertThat(signaling.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly(signaling.getSpec().getRules().get(0).getHost()));
        String origin = "https://" + signaling.getSpec().getRules().get(0).getHost();
        assertThat(manifests.configMap("signaling").getData().get("GHOSTLINE_SIGNALING_ALLOWED_ORIGINS").split(","))
                .startsWith(origin);
        assertThat(manifests.configMap("moderation").getData().get("GHOSTLINE_MODERATION_ALLOWED_ORIGINS").split(","))
                .startsWith(origin);
    }

    private static void assertRoute(Manifests manifests, String component, String path, int port) {
        Ingress ingress = manifests.get(Ingress.class, Manifests.name(component));
        HTTPIngressPath route = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertThat(route.getPath()).isEqualTo(path);
        assertThat(route.getPathType()).isEqualTo("Prefix");
        Service service = manifests.get(Service.class, route.getBackend().getService().getName());
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(route.getBackend().getService().getPort().getName());
            assertThat(p.getPort()).isEqualTo(port);
        });
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", component);
    }

    /** GHOSTLINE_NATS_URL: the in-chart servers with credentials filled in by the kubelet, or the external URL. */
    private static void assertNatsUrlWired(Manifests manifests, Container container, String component) {
        EnvVar url = Manifests.env(container, "GHOSTLINE_NATS_URL");
        assertThat(url.getValue()).as(component).isNotBlank();
        List<String> names = container.getEnv().stream().map(EnvVar::getName).toList();
        // $(VAR) is expanded only from variables defined earlier in the list.
        assertThat(names.indexOf("NATS_USER")).as(component).isNotNegative().isLessThan(names.indexOf("GHOSTLINE_NATS_URL"));
        assertThat(names.indexOf("NATS_PASSWORD")).as(component).isNotNegative().isLessThan(names.indexOf("GHOSTLINE_NATS_URL"));
        SecretKeySelector password = secretRef(container, "NATS_PASSWORD");
        SecretKeySelector serverPassword = secretRef(manifests.container(Manifests.name("nats")), "NATS_PASSWORD");
        assertThat(password).as(component).isEqualTo(serverPassword);
        assertThat(secretRef(container, "NATS_USER")).as(component)
                .isEqualTo(secretRef(manifests.container(Manifests.name("nats")), "NATS_USER"));
        int servers = manifests.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, Manifests.name("nats"))
                .getSpec().getReplicas();
        String[] urls = url.getValue().split(",");
        assertThat(urls).as(component).hasSize(servers);
        for (int i = 0; i < servers; i++) {
            assertThat(urls[i]).isEqualTo("nats://$(NATS_USER):$(NATS_PASSWORD)@" + Manifests.name("nats") + "-" + i + "."
                    + Manifests.name("nats") + "-headless." + Chart.NAMESPACE + ".svc:4222");
        }
        assertThat(manifests.configMap(component).getData()).containsEntry("GHOSTLINE_NATS_STREAM_REPLICAS", "3");
    }

    static SecretKeySelector secretRef(Container container, String env) {
        EnvVar var = Manifests.env(container, env);
        assertThat(var.getValueFrom()).as(env + " comes from a Secret").isNotNull();
        return var.getValueFrom().getSecretKeyRef();
    }
}
