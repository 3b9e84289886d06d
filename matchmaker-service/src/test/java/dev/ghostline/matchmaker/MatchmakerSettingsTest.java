package dev.ghostline.matchmaker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MatchmakerSettingsTest {

    private static MatchmakerConfig settings(Duration tick, Duration relax, Duration ttl, Duration ticket) {
        return new MatchmakerConfig() {
            @Override
            public Duration tickInterval() {
                return tick;
            }

            @Override
            public Duration relaxAfter() {
                return relax;
            }

            @Override
            public Duration entryTtl() {
                return ttl;
            }

            @Override
            public Duration ticketTtl() {
                return ticket;
            }
        };
    }

    @Test
    void theDefaultsAreAccepted() {
        assertThatCode(() -> MatchmakerService.checkSettings(settings(Duration.ofMillis(250), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofHours(2)))).doesNotThrowAnyException();
    }

    @Test
    void ticketsLiveAtMostADay() {
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Duration.ofMillis(250),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(25))))
                .hasMessageContaining("ticket-ttl");
    }

    @Test
    void intervalsMustBePositive() {
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Duration.ZERO,
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(2))))
                .hasMessageContaining("tick-interval");
        assertThatThrownBy(() -> MatchmakerService.checkSettings(settings(Duration.ofMillis(250),
                Duration.ofSeconds(-1), Duration.ofSeconds(10), Duration.ofHours(2))))
                .hasMessageContaining("relax-after");
    }
}
