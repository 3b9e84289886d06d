package dev.ghostline.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    @Test
    void matchesExactly() {
        OriginPolicy policy = new OriginPolicy(List.of("https://chat.example.org"), false);
        assertThat(policy.allows("https://chat.example.org")).isTrue();
        assertThat(policy.allows("https://chat.example.org.evil.test")).isFalse();
        assertThat(policy.allows("http://chat.example.org")).isFalse();
        assertThat(policy.allows(null)).isFalse();
        assertThat(new OriginPolicy(List.of(), true).allows(null)).isTrue();
    }
}
