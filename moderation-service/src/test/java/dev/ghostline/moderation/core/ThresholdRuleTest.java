package dev.ghostline.moderation.core;

import static dev.ghostline.protocol.moderation.ReportReason.HARASSMENT;
import static dev.ghostline.protocol.moderation.ReportReason.HATE;
import static dev.ghostline.protocol.moderation.ReportReason.MINOR_SAFETY;
import static dev.ghostline.protocol.moderation.ReportReason.SEXUAL_CONTENT;
import static dev.ghostline.protocol.moderation.ReportReason.SPAM;
import static dev.ghostline.protocol.moderation.ReportReason.VIOLENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghostline.protocol.moderation.ReportReason;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
    /** The shipped defaults. */
    static ThresholdRule defaults() {
        Map<ReportReason, Integer> thresholds = new EnumMap<>(ReportReason.class);
        thresholds.put(HARASSMENT, 3);
        thresholds.put(HATE, 3);
        thresholds.put(SEXUAL_CONTENT, 2);
        thresholds.put(MINOR_SAFETY, 2);
        thresholds.put(VIOLENCE, 3);
        thresholds.put(SPAM, 3);
        return new ThresholdRule(thresholds);
    }

    private final ThresholdRule rule = defaults();

    @Test
    void aSingleReasonNeedsItsThreshold() {
        assertThat(rule.decide(List.of(HARASSMENT, HARASSMENT))).isEmpty();
        assertThat(rule.decide(List.of(HARASSMENT, HARASSMENT, HARASSMENT))).contains(HARASSMENT);
        assertThat(rule.decide(List.of(MINOR_SAFETY))).isEmpty();
        assertThat(rule.decide(List.of(MINOR_SAFETY, MINOR_SAFETY))).contains(MINOR_SAFETY);
    }

    @Test
    void severeReasonsOfDifferentKindsAddUp() {
        assertThat(rule.decide(List.of(SEXUAL_CONTENT, MINOR_SAFETY))).isPresent();
    }

    @Test
    void aSevereReportDoesNotLowerTheBarForMilderOnes() {
        assertThat(rule.decide(List.of(MINOR_SAFETY, SPAM))).isEmpty();
        assertThat(rule.decide(List.of(SPAM, HATE, MINOR_SAFETY))).as("three reports reach 3").isPresent();
    }

    @Test
    void milderReasonsMixedTogetherReachTheCommonThreshold() {
        assertThat(rule.decide(List.of(SPAM, HATE))).isEmpty();
        assertThat(rule.decide(List.of(SPAM, HATE, VIOLENCE))).isPresent();
    }

    @Test
    void theRevocationNamesTheMostSevereReasonThatCompletesAThreshold() {
        assertThat(rule.decide(List.of(SPAM, MINOR_SAFETY, MINOR_SAFETY))).contains(MINOR_SAFETY);
    }

    @Test
    void everyReasonNeedsAPositiveThreshold() {
        Map<ReportReason, Integer> incomplete = new EnumMap<>(ReportReason.class);
        incomplete.put(HATE, 1);
        assertThatThrownBy(() -> new ThresholdRule(incomplete)).isInstanceOf(IllegalArgumentException.class);
        Map<ReportReason, Integer> zero = new EnumMap<>(ReportReason.class);
        for (ReportReason reason : ReportReason.values()) {
            zero.put(reason, 0);
        }
        assertThatThrownBy(() -> new ThresholdRule(zero)).isInstanceOf(IllegalArgumentException.class);
        Map<ReportReason, Integer> huge = new EnumMap<>(ReportReason.class);
        for (ReportReason reason : ReportReason.values()) {
            huge.put(reason, ThresholdRule.MAX_THRESHOLD + 1);
        }
        assertThatThrownBy(() -> new ThresholdRule(huge)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyReasonCodeFitsTheBucketsValueSize() {
        long limit = ModerationBuckets.MAX_VALUE_BYTES;
        for (ReportReason reason : ReportReason.values()) {
            assertThat((long) reason.code().getBytes(StandardCharsets.UTF_8).length).isLessThan(limit);
        }
    }
}
