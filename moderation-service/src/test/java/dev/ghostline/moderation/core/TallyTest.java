package dev.ghostline.moderation.core;

import static dev.ghostline.protocol.moderation.ReportReason.HARASSMENT;
import static dev.ghostline.protocol.moderation.ReportReason.MINOR_SAFETY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class TallyTest {
    private static final long WINDOW = 600_000;
    private final ThresholdRule rule = ThresholdRuleTest.defaults();

    @Test
    void distinctReportersAreCountedUntilTheThresholdRevokes() {
        Tally.Change first = Tally.EMPTY.add("r1", HARASSMENT, 1_000, WINDOW, rule);
        assertThat(first.effect()).isEqualTo(Tally.Effect.COUNTED);
        Tally.Change second = first.next().add("r2", HARASSMENT, 2_000, WINDOW, rule);
        assertThat(second.effect()).isEqualTo(Tally.Effect.COUNTED);
        assertThat(second.next().reports()).hasSize(2);
        Tally.Change third = second.next().add("r3", HARASSMENT, 3_000, WINDOW, rule);
        assertThat(third.effect()).isEqualTo(Tally.Effect.REVOKES);
        assertThat(third.reason()).contains(HARASSMENT);
        assertThat(third.next().revoked()).isTrue();
        Tally.Change fourth = third.next().add("r4", HARASSMENT, 4_000, WINDOW, rule);
        assertThat(fourth.effect()).isEqualTo(Tally.Effect.ALREADY_REVOKED);
        assertThat(fourth.next()).as("nothing to write").isNull();
    }

    @Test
    void aReporterCountsOnceInsideTheWindow() {
        Tally once = Tally.EMPTY.add("r1", HARASSMENT, 1_000, WINDOW, rule).next();
        Tally.Change again = once.add("r1", MINOR_SAFETY, 2_000, WINDOW, rule);
        assertThat(again.effect()).isEqualTo(Tally.Effect.ALREADY_COUNTED);
        assertThat(again.next()).isNull();
    }

    @Test
    void reportsOlderThanTheWindowAreDroppedAtTheNextUpdate() {
        Tally two = Tally.EMPTY.add("r1", HARASSMENT, 0, WINDOW, rule).next()
                .add("r2", HARASSMENT, 1_000, WINDOW, rule).next();
        Tally.Change late = two.add("r3", HARASSMENT, WINDOW + 500, WINDOW, rule);
        assertThat(late.effect()).as("r1 fell out of the window").isEqualTo(Tally.Effect.COUNTED);
        assertThat(late.next().reports()).extracting(Tally.Entry::by).containsExactly("r2", "r3");
        Tally.Change returning = late.next().add("r1", HARASSMENT, WINDOW + 600, WINDOW, rule);
        assertThat(returning.effect()).as("r1 may report again once its report expired").isEqualTo(Tally.Effect.REVOKES);
    }

    @Test
    void aModeratorRevocationSetsTheFlagOnceAndCanBeTakenBack() {
        Tally counted = Tally.EMPTY.add("r1", HARASSMENT, 0, WINDOW, rule).next();
        Tally.Change revoked = counted.revoke();
        assertThat(revoked.effect()).isEqualTo(Tally.Effect.REVOKES);
        assertThat(revoked.next().revoke().effect()).isEqualTo(Tally.Effect.ALREADY_REVOKED);
        Tally restored = revoked.next().unrevoke().next();
        assertThat(restored.revoked()).isFalse();
        assertThat(restored.reports()).isEqualTo(counted.reports());
    }

    @Test
    void jsonRoundTripKeepsEverything() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Tally tally = Tally.EMPTY.add("r1", MINOR_SAFETY, 5, WINDOW, rule).next();
        byte[] bytes = json.writeValueAsBytes(tally);
        assertThat(new String(bytes)).contains("\"minor-safety\"");
        assertThat(json.readValue(bytes, Tally.class)).isEqualTo(tally);
    }
}
