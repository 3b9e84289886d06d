package dev.ghostline.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghostline.protocol.wire.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensAndTicketsTest {
    private static final ClusterSecret SECRET = ClusterSecret.of("test-cluster-secret-of-at-least-32-chars");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final SessionTokens tokens = new SessionTokens(SECRET, clock);
    private final MatchTickets tickets = new MatchTickets(SECRET, clock);

    @Test
    void tokenRoundTripsAndExpires() {
        String session = Ids.random();
        String token = tokens.issue(session, Duration.ofHours(1));
        assertThat(tokens.verify(token)).hasValueSatisfying(t -> {
            assertThat(t.sessionId()).isEqualTo(session);
            assertThat(t.expiresAt()).isEqualTo(Instant.parse("2026-11-21T13:00:00Z"));
        });
        clock.advance(Duration.ofHours(1));
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void tokensForTheSameSessionDifferAndAreUrlSafe() {
        String session = Ids.random();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = tokens.issue(session, Duration.ofMinutes(5));
            assertThat(token).matches("[A-Za-z0-9_-]{60,100}");
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void forgedTamperedOrForeignTokensFail() {
        String token = tokens.issue(Ids.random(), Duration.ofHours(1));
        char[] chars = token.toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        assertThat(tokens.verify(new String(chars))).isEmpty();
        assertThat(tokens.verify(token.substring(1))).isEmpty();
        assertThat(tokens.verify("not base64 !!")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
        SessionTokens other = new SessionTokens(ClusterSecret.of("another-cluster-secret-of-32-chars!!"), clock);
        assertThat(other.verify(token)).isEmpty();
    }

    @Test
    void aTicketIsNotAToken() {
        String ticket = tickets.issue(Ids.random(), Ids.random(), Ids.random(), Ids.random(), Ids.random(),
                Duration.ofHours(1));
        String token = tokens.issue(Ids.random(), Duration.ofHours(1));
        assertThat(tokens.verify(ticket)).isEmpty();
        assertThat(tickets.verify(token)).isEmpty();
    }

    @Test
    void ticketNamesBothPartiesAndTheirNetworksAndExpires() {
        String match = Ids.random();
        String a = Ids.random();
        String b = Ids.random();
        AddressHashes networks = new AddressHashes(SECRET, clock);
        String networkA = networks.network("198.51.100.1");
        String networkB = networks.network("2001:db8:1:2::7");
        String ticket = tickets.issue(match, a, b, networkA, networkB, Duration.ofMinutes(10));
        assertThat(ticket).doesNotContain(networkA).doesNotContain(networkB);
        MatchTicket opened = tickets.verify(ticket).orElseThrow();
        assertThat(opened.matchId()).isEqualTo(match);
        assertThat(opened.partnerOf(a)).contains(b);
        assertThat(opened.partnerOf(b)).contains(a);
        assertThat(opened.partnerOf(Ids.random())).isEmpty();
        assertThat(opened.networkOf(a)).contains(networkA);
        assertThat(opened.networkOf(b)).contains(networkB);
        assertThat(opened.networkOf(Ids.random())).isEmpty();
        assertThat(opened.toString()).doesNotContain(a).doesNotContain(b).doesNotContain(networkA);
        clock.advance(Duration.ofMinutes(10));
        assertThat(tickets.verify(ticket)).isEmpty();
    }

    @Test
    void theTicketsFirstSessionIsTheOffererAndTheSecondTheAnswerer() {
        String offerer = Ids.random();
        String answerer = Ids.random();
        MatchTicket opened = tickets.verify(tickets.issue(Ids.random(), offerer, answerer, Ids.random(), Ids.random(),
                Duration.ofMinutes(10))).orElseThrow();
        assertThat(opened.sessionOf(Role.OFFERER)).isEqualTo(offerer);
        assertThat(opened.sessionOf(Role.ANSWERER)).isEqualTo(answerer);
        assertThat(opened.partnerOf(opened.sessionOf(Role.OFFERER))).contains(opened.sessionOf(Role.ANSWERER));
    }

    @Test
    void aTicketNeedsNetworksInTheHashForm() {
        assertThatThrownBy(() -> tickets.issue(Ids.random(), Ids.random(), Ids.random(), "198.51.100.1", Ids.random(),
                Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tickets.issue(Ids.random(), Ids.random(), Ids.random(), Ids.random(), null,
                Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ttlIsCappedAtOneDay() {
        assertThatThrownBy(() -> tokens.issue(Ids.random(), Duration.ofHours(25))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issue(Ids.random(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretMustBeLongAndDerivationsAreSeparated() {
        assertThatThrownBy(() -> ClusterSecret.of("short")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SECRET.derive("a", 32)).isEqualTo(SECRET.derive("a", 32)).isNotEqualTo(SECRET.derive("b", 32));
        assertThat(SECRET.derive("a", 80)).startsWith(SECRET.derive("a", 32));
        assertThat(SECRET.toString()).doesNotContain("test-cluster");
        assertThat(ClusterSecret.constantTimeEquals("key-1", "key-1")).isTrue();
        assertThat(ClusterSecret.constantTimeEquals("key-1", "key-2")).isFalse();
        assertThat(ClusterSecret.constantTimeEquals(null, "key-2")).isFalse();
    }

    @Test
    void idsAre128BitHex() {
        assertThat(Ids.random()).matches("[0-9a-f]{32}");
        assertThat(Ids.isValid("xyz")).isFalse();
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
