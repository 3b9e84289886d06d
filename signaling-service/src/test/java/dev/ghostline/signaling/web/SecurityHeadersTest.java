package dev.ghostline.signaling.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityHeadersTest {

    @Test
    void byDefaultThePageMayConnectOnlyToItsOwnOrigin() {
        SecurityHeaders headers = SecurityHeaders.of(Optional.empty(), Optional.empty());

        String csp = headers.headers().get("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self';",
                "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*", "data:");
        assertThat(headers.headers()).containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("X-Frame-Options", "DENY");
        assertThat(headers.headers().get("Permissions-Policy")).contains("camera=(self)", "microphone=(self)");
        assertThat(headers.moderationApi()).isEmpty();
    }

    @Test
    void aModerationApiOnAnotherOriginAndExtraSourcesJoinConnectSrc() {
        SecurityHeaders headers = SecurityHeaders.of(Optional.of(" https://moderation.example.org "),
                Optional.of(List.of("wss://ws.example.org:8443", "https://moderation.example.org")));

        assertThat(headers.headers().get("Content-Security-Policy"))
                .contains("connect-src 'self' https://moderation.example.org wss://ws.example.org:8443;");
        assertThat(headers.moderationApi()).isEqualTo("https://moderation.example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://*.example.org", "https://example.org/path", "https://a.org; script-src *",
        "example.org", "javascript:alert(1)", "https://EXAMPLE.org", "ftp://example.org", "https://a.org:123456"})
    void anythingButABareOriginIsRefusedAtStartup(String value) {
        assertThatThrownBy(() -> SecurityHeaders.of(Optional.empty(), Optional.of(List.of(value))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghostline.web.extra-connect-sources")
                .hasMessageNotContaining(value);
        assertThatThrownBy(() -> SecurityHeaders.of(Optional.of(value), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghostline.web.moderation-api");
    }
}
