package dev.ghostline.support.testing;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** A service's real {@code @ConfigMapping}, with its defaults, outside Quarkus: for plain tests of settings. */
public final class ConfigMappings {
    private ConfigMappings() {
    }

    /** {@code properties}: full keys, e.g. {@code ghostline.moderation.window}, over the mapping's defaults. */
    public static <T> T of(Class<T> mapping, Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(mapping)
                // Quarkus's own Duration syntax (250ms, 5s), as the application reads it.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(mapping);
    }
}
