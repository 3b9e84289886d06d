package dev.ghostline.matchmaker;

import dev.ghostline.support.testing.ConfigMappings;
import java.util.Map;

/** The matchmaker's real config mapping with its defaults, outside Quarkus, for plain tests. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** {@code properties}: full keys, e.g. {@code ghostline.matchmaker.entry-ttl}, over the defaults. */
    static MatchmakerConfig matchmaker(Map<String, String> properties) {
        return ConfigMappings.of(MatchmakerConfig.class, properties);
    }
}
