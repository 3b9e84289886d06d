package dev.ghostline.signaling.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModerationLedgerTest {
    private final ModerationLedger ledger = new ModerationLedger();

    @Test
    void aRevocationHoldsUntilItsDeadlineAndIsThenForgotten() {
        ledger.revoke("s1", 1_000);
        assertThat(ledger.isRevoked("s1", 999)).isTrue();
        assertThat(ledger.isRevoked("s1", 1_000)).isFalse();
        assertThat(ledger.isRevoked("s2", 999)).isFalse();
        ledger.purge(1_000);
        assertThat(ledger.revokedCount()).isZero();
    }

    @Test
    void aLaterDecisionNeverShortensAnEarlierOne() {
        ledger.revoke("s1", 2_000);
        ledger.revoke("s1", 1_000);
        assertThat(ledger.isRevoked("s1", 1_500)).isTrue();
    }

    @Test
    void anAddressIsBlockedWhenAnyOfItsHashesIs() {
        ledger.block("yesterday-hash", 500);
        assertThat(ledger.isBlocked(List.of("today-hash", "yesterday-hash"), 499)).isTrue();
        assertThat(ledger.isBlocked(List.of("today-hash", "other"), 499)).isFalse();
        assertThat(ledger.isBlocked(List.of("yesterday-hash"), 500)).isFalse();
        ledger.purge(600);
        assertThat(ledger.blockedCount()).isZero();
    }
}
