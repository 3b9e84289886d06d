package dev.ghostline.signaling.testing;

import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.support.testing.ConfigMappings;
import java.util.Map;

/** The signaling pod's real config mapping with its defaults, outside Quarkus, for plain tests. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** {@code properties}: full keys, e.g. {@code ghostline.signaling.moderation.block-ttl}, over the defaults. */
    public static SignalingConfig signaling(Map<String, String> properties) {
        return ConfigMappings.of(SignalingConfig.class, properties);
    }
}
