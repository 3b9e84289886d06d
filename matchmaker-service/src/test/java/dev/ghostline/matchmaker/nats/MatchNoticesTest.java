package dev.ghostline.matchmaker.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.matchmaker.engine.PairedSession;
import dev.ghostline.matchmaker.engine.Pairing;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTicket;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.wire.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchNoticesTest {
    private static final ClusterSecret SECRET = ClusterSecret.of("notices-test-cluster-secret-0123456789ab");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration TTL = Duration.ofHours(2);

    private final MatchTickets tickets = new MatchTickets(SECRET, CLOCK);
    private final MatchNotices notices = new MatchNotices(tickets, TTL);
    private final String matchId = Ids.random();
    private final PairedSession offerer = new PairedSession(Ids.random(), 4, "pod-a", Ids.random());
    private final PairedSession answerer = new PairedSession(Ids.random(), 9, "pod-b", Ids.random());

    @Test
    void eachPartyGetsItsOwnViewOfOneMatch() {
        List<BusMessage.Matched> sent = notices.of(new Pairing(offerer, answerer, List.of("chess")), matchId);

        assertThat(sent).hasSize(2);
        BusMessage.Matched toOfferer = sent.get(0);
        BusMessage.Matched toAnswerer = sent.get(1);
        assertThat(toOfferer.session()).isEqualTo(offerer.session());
        assertThat(toOfferer.joinSeq()).isEqualTo(4);
        assertThat(toOfferer.match()).isEqualTo(new BusMessage.MatchView(matchId, answerer.session(), "pod-b",
                Role.OFFERER, List.of("chess"), toOfferer.match().ticket(), answerer.network()));
        assertThat(toAnswerer.session()).isEqualTo(answerer.session());
        assertThat(toAnswerer.joinSeq()).isEqualTo(9);
        assertThat(toAnswerer.match()).isEqualTo(new BusMessage.MatchView(matchId, offerer.session(), "pod-a",
                Role.ANSWERER, List.of("chess"), toOfferer.match().ticket(), offerer.network()));
    }

    @Test
    void theTicketSealsBothSessionsAndBothNetworks() {
        List<BusMessage.Matched> sent = notices.of(new Pairing(offerer, answerer, List.of()), matchId);

        MatchTicket ticket = tickets.verify(sent.get(0).match().ticket()).orElseThrow();

        assertThat(ticket.matchId()).isEqualTo(matchId);
        assertThat(ticket.networkOf(offerer.session())).contains(offerer.network());
        assertThat(ticket.networkOf(answerer.session())).contains(answerer.network());
        assertThat(ticket.partnerOf(offerer.session())).contains(answerer.session());
        assertThat(ticket.expiresAt()).isEqualTo(CLOCK.instant().plus(TTL));
        assertThat(new MatchTickets(ClusterSecret.of("another-cluster-secret-0123456789abcdef"), CLOCK)
                .verify(sent.get(0).match().ticket())).as("sealed under this cluster's secret only").isEmpty();
    }

    @Test
    void aPartyWithoutANetworkCountsAsANetworkOfItsOwn() {
        PairedSession fromOldPod = new PairedSession(Ids.random(), 1, "pod-old", null);

        List<BusMessage.Matched> sent = notices.of(new Pairing(fromOldPod, answerer, List.of()), matchId);

        MatchTicket ticket = tickets.verify(sent.get(1).match().ticket()).orElseThrow();
        assertThat(ticket.networkOf(fromOldPod.session())).contains(fromOldPod.session());
        assertThat(ticket.networkOf(answerer.session())).contains(answerer.network());
        assertThat(sent.get(1).match().partnerNetwork()).as("the answerer's view").isEqualTo(fromOldPod.session());
        assertThat(sent.get(0).match().partnerNetwork()).isEqualTo(answerer.network());
    }

    @Test
    void twoPartiesWithoutNetworksStayTwoNetworks() {
        PairedSession first = new PairedSession(Ids.random(), 1, "pod-old", null);
        PairedSession second = new PairedSession(Ids.random(), 1, "pod-old", null);

        List<BusMessage.Matched> sent = notices.of(new Pairing(first, second, List.of()), matchId);

        MatchTicket ticket = tickets.verify(sent.get(0).match().ticket()).orElseThrow();
        assertThat(ticket.networkOf(first.session())).contains(first.session());
        assertThat(ticket.networkOf(second.session())).contains(second.session());
        assertThat(ticket.networkA()).isNotEqualTo(ticket.networkB());
    }
}
