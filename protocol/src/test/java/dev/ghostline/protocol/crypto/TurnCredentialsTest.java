package dev.ghostline.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    private final TurnCredentials turn = new TurnCredentials("turn-secret-of-at-least-thirty-two-chars", clock);

    @Test
    void usernameIsExpiryColonRandomId() {
        TurnCredentials.Credential credential = turn.issue(Duration.ofMinutes(10));
        assertThat(credential.username()).matches("1795263000:[0-9a-f]{16}");
        assertThat(credential.expiresAt()).isEqualTo(Instant.parse("2026-11-21T12:10:00Z"));
        assertThat(turn.issue(Duration.ofMinutes(10)).username()).isNotEqualTo(credential.username());
    }

    @Test
    void passwordIsBase64HmacSha1OfTheUsername() {
        // Expected value computed independently with
        // `printf '%s' 1795263000:abc | openssl dgst -sha1 -hmac turn-secret-of-at-least-thirty-two-chars -binary | base64`.
        assertThat(turn.password("1795263000:abc")).isEqualTo("VZXRaqwK1Ssuifhy3uC80DcHg+E=");
    }

    @Test
    void ttlAndSecretAreBounded() {
        assertThatThrownBy(() -> turn.issue(Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnCredentials("short", clock)).isInstanceOf(IllegalArgumentException.class);
        assertThat(turn.issue(Duration.ofMinutes(1)).toString()).doesNotContain(":");
    }
}
