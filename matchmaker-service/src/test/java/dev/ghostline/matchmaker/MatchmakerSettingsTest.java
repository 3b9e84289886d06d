package dev.ghostline.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchmakerSettingsTest {
    private static final String KEY = "ghostline.matchmaker.";

    private static MatchmakerConfig settings(Map<String, String> properties) {
        return TestConfigs.matchmaker(properties);
    }

    @Test
    void theDefaultsAreAccepted() {
        MatchmakerConfig defaults = settings(Map.of());

        assertThatCode(() -> MatchmakerService.checkSettings(defaults)).doesNotThrowAnyException();
        assertThat(defaults.leaderElection().mode()).isEqualTo(MatchmakerConfig.ElectionMode.STATIC);
        assertThat(defaults.leaderElection().leaseName()).isEqualTo("ghostline-matchmaker");
        assertThat(defaults.leaderElection().leaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.leaderElection().renewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.leaderElection().retryPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.leaderElection().natsOutageGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.revocations().capacity()).isEqualTo(100_000);
    }

    @Test
    void theKubernetesDefaultsAreAccepted() {
        assertThatCode(() -> MatchmakerService.checkSettings(
                settings(Map.of(KEY + "leader-election.mode", "kubernetes")))).doesNotThrowAnyException();
    }

    @Test
    void ticketsLiveAtMostADay() {
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Map.of(KEY + "ticket-ttl", "25h"))))
                .hasMessageContaining("ticket-ttl");
    }

    @Test
    void intervalsMustBePositive() {
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Map.of(KEY + "tick-interval", "0s"))))
                .hasMessageContaining("tick-interval");
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Map.of(KEY + "relax-after", "-1s"))))
                .hasMessageContaining("relax-after");
        assertThatThrownBy(() -> MatchmakerService.checkSettings(
                settings(Map.of(KEY + "revocations.capacity", "0"))))
                .hasMessageContaining("revocations.capacity");
    }

    @Test
    void electionTimingsFollowTheElectorsRules() {
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Map.of(
                KEY + "leader-election.mode", "kubernetes",
                KEY + "leader-election.lease-duration", "10s"))))
                .hasMessageContaining("lease-duration must be greater than renew-deadline");
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Map.of(
                KEY + "leader-election.mode", "kubernetes",
                KEY + "leader-election.retry-period", "5s"))))
                .hasMessageContaining("renew-deadline must be greater than 2.2");
    }

    @Test
    void theNatsOutageGraceMayBeZeroButNotNegative() {
        assertThatCode(() -> MatchmakerService.checkSettings(settings(Map.of(
                KEY + "leader-election.mode", "kubernetes",
                KEY + "leader-election.nats-outage-grace", "0s")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Map.of(
                KEY + "leader-election.mode", "kubernetes",
                KEY + "leader-election.nats-outage-grace", "-1s"))))
                .hasMessageContaining("nats-outage-grace must not be negative");
    }
}
