package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest extends ChartTestBase {

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = Chart.lint();

        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        // Strict lint turns warnings into failures; only informational notes (such as "icon is recommended") remain.
        assertThat(result.getMessages()).allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }
}
