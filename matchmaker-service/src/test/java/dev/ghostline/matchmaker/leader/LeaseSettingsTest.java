package dev.ghostline.matchmaker.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghostline.matchmaker.MatchmakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseSettingsTest {

    private static MatchmakerConfig.LeaderElection election(String namespace, String identity) {
        return new MatchmakerConfig.LeaderElection() {
            @Override
            public MatchmakerConfig.ElectionMode mode() {
                return MatchmakerConfig.ElectionMode.KUBERNETES;
            }

            @Override
            public String leaseName() {
                return "ghostline-matchmaker";
            }

            @Override
            public Optional<String> namespace() {
                return Optional.ofNullable(namespace);
            }

            @Override
            public Optional<String> identity() {
                return Optional.ofNullable(identity);
            }

            @Override
            public Duration leaseDuration() {
                return Duration.ofSeconds(15);
            }

            @Override
            public Duration renewDeadline() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration retryPeriod() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration natsOutageGrace() {
                return Duration.ofSeconds(5);
            }
        };
    }

    @Test
    void aPodFillsInItsNamespaceAndName() {
        LeaseSettings settings = LeaseSettings.resolve(election(null, null),
                Map.of("POD_NAMESPACE", "chat", "HOSTNAME", "matchmaker-7f9c-x2"), "from-service-account");

        assertThat(settings.namespace()).isEqualTo("chat");
        assertThat(settings.identity()).isEqualTo("matchmaker-7f9c-x2");
        assertThat(settings.name()).isEqualTo("ghostline-matchmaker");
    }

    @Test
    void withoutPodNamespaceTheServiceAccountsNamespaceIsUsed() {
        LeaseSettings settings = LeaseSettings.resolve(election(null, null), Map.of("HOSTNAME", "mm-0"),
                "from-service-account");

        assertThat(settings.namespace()).isEqualTo("from-service-account");
    }

    @Test
    void theDownwardApisPodNameComesBeforeTheHostname() {
        LeaseSettings settings = LeaseSettings.resolve(election("ns", null),
                Map.of("POD_NAME", "matchmaker-0", "HOSTNAME", "host"), null);

        assertThat(settings.identity()).isEqualTo("matchmaker-0");
    }

    @Test
    void configuredValuesWin() {
        LeaseSettings settings = LeaseSettings.resolve(election("ns", "me"),
                Map.of("POD_NAMESPACE", "chat", "HOSTNAME", "mm-0"), "other");

        assertThat(settings.namespace()).isEqualTo("ns");
        assertThat(settings.identity()).isEqualTo("me");
    }

    @Test
    void aMissingIdentityIsNamed() {
        assertThatThrownBy(() -> LeaseSettings.resolve(election("ns", null), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leader-election.identity");
        assertThatThrownBy(() -> LeaseSettings.resolve(election(null, "me"), Map.of(), " "))
                .hasMessageContaining("leader-election.namespace");
    }

    @Test
    void apiCallsTimeOutSoTheLastRenewalEndsBeforeTheLeaseExpires() {
        assertThat(KubernetesLeaderElection.callTimeout(Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(1_250));
        assertThat(KubernetesLeaderElection.callTimeout(Duration.ofSeconds(60), Duration.ofSeconds(40),
                Duration.ofSeconds(2))).as("never longer than a retry period").isEqualTo(Duration.ofSeconds(2));
    }
}
