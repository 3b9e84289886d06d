package dev.ghostline.signaling.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghostline.protocol.crypto.AddressHashes;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.testing.TestConfigs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnforcementSettingsTest {
    private static final String KEY = "ghostline.signaling.moderation.block-ttl";

    private static SignalingConfig.Moderation withBlockTtl(String value) {
        return TestConfigs.signaling(value == null ? Map.of() : Map.of(KEY, value)).moderation();
    }

    @Test
    void theDefaultAndTheLongestBlockAreAccepted() {
        assertThat(withBlockTtl(null).blockTtl()).isEqualTo(Duration.ofHours(1));
        assertThatCode(() -> Enforcement.checkSettings(withBlockTtl(null))).doesNotThrowAnyException();
        assertThatCode(() -> Enforcement.checkSettings(withBlockTtl("24h"))).doesNotThrowAnyException();
        assertThat(AddressHashes.MAX_BLOCK).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aBlockLongerThanTheHashKeysCoverIsRefused() {
        assertThatThrownBy(() -> Enforcement.checkSettings(withBlockTtl("24h1s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(KEY);
        assertThatThrownBy(() -> Enforcement.checkSettings(withBlockTtl("2d")))
                .hasMessageContaining("at most 24h");
    }

    @Test
    void aBlockMustLastSomeTime() {
        assertThatThrownBy(() -> Enforcement.checkSettings(withBlockTtl("0s"))).hasMessageContaining(KEY);
        assertThatThrownBy(() -> Enforcement.checkSettings(withBlockTtl("-1m"))).hasMessageContaining(KEY);
    }
}
