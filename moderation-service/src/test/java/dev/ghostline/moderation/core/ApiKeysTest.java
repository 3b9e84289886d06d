package dev.ghostline.moderation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final String MODERATOR = "moderator-key-0123456789abcdef-0123";
    private static final String CLASSIFIER = "classifier-key-0123456789abcdef-012";
    private final ApiKeys keys = new ApiKeys(List.of(MODERATOR, CLASSIFIER));

    @Test
    void everyConfiguredKeyIsAccepted() {
        assertThat(keys.check("Bearer " + MODERATOR)).isEqualTo(ApiKeys.Verdict.ACCEPTED);
        assertThat(keys.check("Bearer " + CLASSIFIER)).isEqualTo(ApiKeys.Verdict.ACCEPTED);
        assertThat(keys.check("bearer   " + CLASSIFIER)).as("scheme is case-insensitive").isEqualTo(ApiKeys.Verdict.ACCEPTED);
    }

    @Test
    void missingOrNonBearerCredentialsAreMissing() {
        assertThat(keys.check(null)).isEqualTo(ApiKeys.Verdict.MISSING);
        assertThat(keys.check("")).isEqualTo(ApiKeys.Verdict.MISSING);
        assertThat(keys.check("Bearer ")).isEqualTo(ApiKeys.Verdict.MISSING);
        assertThat(keys.check("Basic " + MODERATOR)).isEqualTo(ApiKeys.Verdict.MISSING);
        assertThat(keys.check(MODERATOR)).isEqualTo(ApiKeys.Verdict.MISSING);
    }

    @Test
    void wrongKeysAreRefused() {
        assertThat(keys.check("Bearer " + MODERATOR + "x")).isEqualTo(ApiKeys.Verdict.REFUSED);
        assertThat(keys.check("Bearer " + MODERATOR.substring(1))).isEqualTo(ApiKeys.Verdict.REFUSED);
        assertThat(keys.check("Bearer " + MODERATOR.toUpperCase())).isEqualTo(ApiKeys.Verdict.REFUSED);
        assertThat(keys.check("Bearer x")).isEqualTo(ApiKeys.Verdict.REFUSED);
    }

    @Test
    void withoutKeysEveryoneIsRefusedEvenWithoutCredentials() {
        ApiKeys none = new ApiKeys(List.of());
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.check(null)).isEqualTo(ApiKeys.Verdict.REFUSED);
        assertThat(none.check("Bearer " + MODERATOR)).isEqualTo(ApiKeys.Verdict.REFUSED);
    }

    @Test
    void shortKeysAreRejectedAtConfiguration() {
        assertThatThrownBy(() -> new ApiKeys(List.of("short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("short");
    }
}
