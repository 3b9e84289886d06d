package dev.ghostline.moderation.core;

import static dev.ghostline.protocol.moderation.ReportReason.HARASSMENT;
import static dev.ghostline.protocol.moderation.ReportReason.MINOR_SAFETY;
import static dev.ghostline.protocol.moderation.ReportReason.SPAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TallyTest {
    private static final long NOW = 1_000_000;
    private final ThresholdRule rule = ThresholdRuleTest.defaults();

    @Test
    void belowTheThresholdThereIsNothingToPublish() {
        Tally two = new Tally(List.of(HARASSMENT, HARASSMENT), null, 0);
        assertThat(two.decide(NOW, rule).step()).isEqualTo(Tally.Step.BELOW_THRESHOLD);
    }

    @Test
    void aReachedThresholdWithNobodyPublishingIsClaimed() {
        Tally.Decision decision = new Tally(List.of(HARASSMENT, HARASSMENT, HARASSMENT), null, 0).decide(NOW, rule);
        assertThat(decision.step()).isEqualTo(Tally.Step.CLAIM);
        assertThat(decision.reason()).contains(HARASSMENT);
    }

    @Test
    void aHeldClaimMeansAnotherReplicaIsPublishing() {
        Tally held = new Tally(List.of(MINOR_SAFETY, MINOR_SAFETY), Tally.Claim.until(NOW + 1), 7);
        assertThat(held.decide(NOW, rule).step()).isEqualTo(Tally.Step.IN_PROGRESS);
    }

    @Test
    void aLapsedClaimIsTakenOverSoADeadReplicaLosesNoRevocation() {
        Tally lapsed = new Tally(List.of(MINOR_SAFETY, MINOR_SAFETY), Tally.Claim.until(NOW), 7);
        Tally.Decision decision = lapsed.decide(NOW, rule);
        assertThat(decision.step()).isEqualTo(Tally.Step.CLAIM);
        assertThat(decision.reason()).contains(MINOR_SAFETY);
    }

    @Test
    void aStoredRevocationEndsEverythingWhateverTheReports() {
        Tally done = new Tally(List.of(SPAM), Tally.Claim.DONE, 9);
        assertThat(done.revoked()).isTrue();
        assertThat(done.decide(NOW, rule).step()).isEqualTo(Tally.Step.REVOKED);
        assertThat(Tally.EMPTY.revoked()).isFalse();
    }

    @Test
    void aClaimSurvivesItsJsonForm() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        for (Tally.Claim claim : List.of(Tally.Claim.DONE, Tally.Claim.until(NOW))) {
            byte[] bytes = json.writeValueAsBytes(claim);
            assertThat(json.readValue(bytes, Tally.Claim.class)).isEqualTo(claim);
            assertThat((long) bytes.length).isLessThan(ModerationBuckets.MAX_VALUE_BYTES);
        }
    }
}
