package dev.ghostline.signaling.testing;

import dev.ghostline.signaling.SignalingConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** The real config mapping with its defaults, outside Quarkus, for plain tests. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** {@code properties}: full keys, e.g. {@code ghostline.signaling.moderation.block-ttl}, over the defaults. */
    public static SignalingConfig signaling(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SignalingConfig.class)
                // Quarkus's own Duration syntax (250ms, 5s), as the application reads it.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(SignalingConfig.class);
    }
}
