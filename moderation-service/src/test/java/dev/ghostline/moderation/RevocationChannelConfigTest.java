package dev.ghostline.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.moderation.ModerationStream;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The revocation channel publishes on the moderation stream's revocation subject, as {@code protocol/} names them,
 * and neither application.properties nor a stray environment variable can move it. End to end, the API tests read
 * every revocation back from that stream and subject.
 */
class RevocationChannelConfigTest {

    @Test
    void theChannelTakesItsStreamAndSubjectFromTheProtocol() throws Exception {
        URL applicationProperties = getClass().getClassLoader().getResource("application.properties");
        Map<String, String> stray = Map.of(RevocationChannelConfig.STREAM, "ELSEWHERE",
                RevocationChannelConfig.SUBJECT, "gl.elsewhere");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredSources()
                .withSources(new PropertiesConfigSource(applicationProperties, 250))
                .withSources(new PropertiesConfigSource(stray, "environment-like", 300))
                .build();

        assertThat(config.getValue(RevocationChannelConfig.STREAM, String.class)).isEqualTo(ModerationStream.NAME);
        assertThat(config.getValue(RevocationChannelConfig.SUBJECT, String.class)).isEqualTo(ModerationStream.REVOKED);
    }
}
