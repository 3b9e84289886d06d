package dev.ghostline.moderation.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
    private static final String WEB = "https://chat.example.org";
    private final CorsPolicy policy = new CorsPolicy(List.of(WEB));

    @Test
    void theWebClientMayReportAndReadReasons() {
        assertThat(policy.preflight("/v1/reports", WEB, "POST"))
                .containsEntry("Access-Control-Allow-Origin", WEB)
                .containsEntry("Access-Control-Allow-Methods", "POST")
                .containsEntry("Access-Control-Allow-Headers", "Content-Type")
                .doesNotContainKey("Access-Control-Allow-Credentials");
        assertThat(policy.actual("/v1/reasons", WEB)).containsEntry("Access-Control-Allow-Origin", WEB);
    }

    @Test
    void otherOriginsPathsAndMethodsGetNothing() {
        assertThat(policy.preflight("/v1/reports", "https://evil.example", "POST")).isEmpty();
        assertThat(policy.preflight("/v1/reports", WEB, "DELETE")).isEmpty();
        assertThat(policy.preflight("/v1/revocations", WEB, "POST")).isEmpty();
        assertThat(policy.actual("/v1/stats", WEB)).isEmpty();
        assertThat(policy.actual("/v1/reports", null)).isEmpty();
        assertThat(policy.actual("/v1/reports", WEB + ".evil.example")).isEmpty();
    }
}
