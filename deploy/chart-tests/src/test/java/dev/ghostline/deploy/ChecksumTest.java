package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pods carry a checksum of their ConfigMap, so `helm upgrade` with changed config rolls exactly those pods. */
class ChecksumTest extends ChartTestBase {

    @Test
    void sameValuesGiveTheSameChecksums() {
        assertThat(checksums(Chart.defaults())).isEqualTo(checksums(Chart.defaults()))
                .containsOnlyKeys(Manifests.name("signaling"), Manifests.name("matchmaker"), Manifests.name("moderation"),
                        Manifests.name("nats"), Manifests.name("coturn"));
    }

    @Test
    void changedConfigRollsOnlyTheComponentItBelongsTo() {
        Map<String, String> before = checksums(Chart.defaults());

        Map<String, String> after = checksums(Chart.defaults().set("signaling.config.GHOSTLINE_SIGNALING_RATE_BURST", "90"));

        assertThat(after.get(Manifests.name("signaling"))).isNotEqualTo(before.get(Manifests.name("signaling")));
        assertThat(after).containsEntry(Manifests.name("matchmaker"), before.get(Manifests.name("matchmaker")))
                .containsEntry(Manifests.name("nats"), before.get(Manifests.name("nats")));
    }

    @Test
    void natsCoturnAndSharedSettingsRollTheirPods() {
        Map<String, String> before = checksums(Chart.defaults());

        assertThat(checksums(Chart.defaults().set("nats.jetstream.maxMemoryStore", "1G")).get(Manifests.name("nats")))
                .isNotEqualTo(before.get(Manifests.name("nats")));
        assertThat(checksums(Chart.defaults().set("coturn.listenOn443", true)).get(Manifests.name("coturn")))
                .isNotEqualTo(before.get(Manifests.name("coturn")));
        // The public host is both the signaling Origin allowlist and the moderation CORS list.
        Map<String, String> moved = checksums(Chart.defaults().set("global.publicHost", "chat.example.org"));
        assertThat(moved.get(Manifests.name("signaling"))).isNotEqualTo(before.get(Manifests.name("signaling")));
        assertThat(moved.get(Manifests.name("moderation"))).isNotEqualTo(before.get(Manifests.name("moderation")));
    }

    private static Map<String, String> checksums(Chart chart) {
        return chart.render().podTemplates().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().getMetadata().getAnnotations().get("checksum/config")));
    }
}
