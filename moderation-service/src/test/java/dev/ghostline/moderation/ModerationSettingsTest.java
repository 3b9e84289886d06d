package dev.ghostline.moderation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghostline.support.testing.ConfigMappings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings the service refuses to start with, on the real config mapping. */
class ModerationSettingsTest {

    private static ModerationConfig config(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put("ghostline.moderation.allowed-origins", "https://chat.example.org");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put("ghostline.moderation." + keysAndValues[i], keysAndValues[i + 1]);
        }
        return ConfigMappings.of(ModerationConfig.class, properties);
    }

    @Test
    void theDefaultsAreAccepted() {
        assertThatCode(() -> ModerationService.checkSettings(config())).doesNotThrowAnyException();
    }

    @Test
    void aClaimThatCouldOutliveItsKeyIsRefused() {
        // The claim is a key in the tallies bucket, which drops it a window after its last write.
        assertThatThrownBy(() -> ModerationService.checkSettings(config("window", "10s", "publish-timeout", "5s")))
                .hasMessageContaining("publish-timeout");
        assertThatCode(() -> ModerationService.checkSettings(config("window", "10s", "publish-timeout", "4s")))
                .doesNotThrowAnyException();
    }

    @Test
    void aWindowOrTimeoutThatIsNotPositiveAndAReportMemoryShorterThanTheWindowAreRefused() {
        assertThatThrownBy(() -> ModerationService.checkSettings(config("window", "0s")))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> ModerationService.checkSettings(config("publish-timeout", "0s")))
                .hasMessageContaining("publish-timeout");
        assertThatThrownBy(() -> ModerationService.checkSettings(config("window", "2h", "report-memory", "1h")))
                .hasMessageContaining("report-memory");
    }
}
