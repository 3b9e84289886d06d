package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Secrets are generated once, kept on upgrade (the chart looks them up), or taken from existing Secrets. */
class SecretsTest extends ChartTestBase {

    @AfterEach
    void forgetInstalledSecrets() {
        api.clearSecrets();
    }

    @Test
    void aFirstInstallGeneratesLongRandomSecrets() {
        Manifests first = Chart.defaults().render();
        Manifests second = Chart.defaults().render();

        assertThat(first.all(Secret.class)).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder(
                Manifests.name("cluster"), Manifests.name("turn"), Manifests.name("moderator-api-keys"), Manifests.name("nats-auth"));
        assertThat(first.secretValues()).hasSize(5).allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9]+"));
        assertThat(value(first, "cluster", "cluster-secret")).isNotEqualTo(value(second, "cluster", "cluster-secret"));
        // NATS config reads a leading number with a unit as a size; the passwords always start with a letter.
        assertThat(value(first, "nats-auth", "password")).matches("[A-Za-z].*");
        assertThat(value(first, "nats-auth", "route-password")).matches("[A-Za-z].*")
                .isNotEqualTo(value(first, "nats-auth", "password"));
        assertThat(value(first, "nats-auth", "route-user")).isNotEqualTo(value(first, "nats-auth", "user"));
    }

    @Test
    void anUpgradeKeepsTheSecretsAlreadyInTheCluster() {
        api.putSecret(Chart.NAMESPACE, Manifests.name("cluster"), Map.of("cluster-secret", "installed-cluster-secret-0123456789abcdef"));
        api.putSecret(Chart.NAMESPACE, Manifests.name("nats-auth"), Map.of("user", "ghostline", "password", "pInstalledNatsPassword0123456789"));

        Manifests upgrade = Chart.defaults().render();

        assertThat(value(upgrade, "cluster", "cluster-secret")).isEqualTo("installed-cluster-secret-0123456789abcdef");
        assertThat(value(upgrade, "nats-auth", "password")).isEqualTo("pInstalledNatsPassword0123456789");
        // A Secret from before route authentication gains the route keys and keeps the rest.
        assertThat(value(upgrade, "nats-auth", "route-password")).hasSize(40);
        assertThat(value(upgrade, "turn", "turn-secret")).hasSize(48);
        assertThat(api.requests()).contains("GET /api/v1/namespaces/chat/secrets/" + Manifests.name("cluster"));
    }

    @Test
    void existingSecretsAreUsedAndNotRendered() {
        Manifests manifests = production();

        assertThat(manifests.all(Secret.class)).isEmpty();
        assertThat(WiringTest.secretRef(manifests.container(Manifests.name("nats")), "NATS_PASSWORD").getName())
                .isEqualTo("ops-nats-auth");
        assertThat(WiringTest.secretRef(manifests.container(Manifests.name("signaling")), "GHOSTLINE_CLUSTER_SECRET").getKey())
                .isEqualTo("secret");
    }

    @Test
    void withoutModerationOrTurnTheirSecretsAreNotCreated() {
        Manifests manifests = Chart.defaults().set("moderation.enabled", false).set("coturn.enabled", false).render();

        assertThat(manifests.all(Secret.class)).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder(Manifests.name("cluster"), Manifests.name("nats-auth"));
        assertThat(manifests.container(Manifests.name("signaling")).getEnv())
                .noneMatch(e -> e.getName().equals("GHOSTLINE_SIGNALING_ICE_TURN_SECRET"));
        assertThat(manifests.configMap("signaling").getData()).doesNotContainKeys(
                "GHOSTLINE_SIGNALING_ICE_TURN_URLS", "GHOSTLINE_SIGNALING_ICE_STUN_URLS");
    }

    private static String value(Manifests manifests, String secret, String key) {
        String encoded = manifests.get(Secret.class, Manifests.name(secret)).getData().get(key);
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
