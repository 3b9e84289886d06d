package dev.ghostline.matchmaker.nats;

import dev.ghostline.matchmaker.engine.PairedSession;
import dev.ghostline.matchmaker.engine.Pairing;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.wire.Role;
import java.time.Duration;
import java.util.List;

/**
 * What a pairing tells its two parties: each its own view of the match, both with one match id and one ticket
 * that seals both sessions and both networks. Kept apart from publishing so it can be checked without NATS.
 */
public final class MatchNotices {
    private final MatchTickets tickets;
    private final Duration ticketTtl;

    public MatchNotices(MatchTickets tickets, Duration ticketTtl) {
        this.tickets = tickets;
        this.ticketTtl = ticketTtl;
    }

    /** The offerer's message, then the answerer's. */
    public List<BusMessage.Matched> of(Pairing pairing, String matchId) {
        PairedSession offerer = pairing.offerer();
        PairedSession answerer = pairing.answerer();
        String offererNetwork = networkOf(offerer);
        String answererNetwork = networkOf(answerer);
        String ticket = tickets.issue(matchId, offerer.session(), answerer.session(), offererNetwork,
                answererNetwork, ticketTtl);
        return List.of(
                matched(offerer, new BusMessage.MatchView(matchId, answerer.session(), answerer.pod(), Role.OFFERER,
                        pairing.commonInterests(), ticket, answererNetwork)),
                matched(answerer, new BusMessage.MatchView(matchId, offerer.session(), offerer.pod(), Role.ANSWERER,
                        pairing.commonInterests(), ticket, offererNetwork)));
    }

    /**
     * The network a party counts as. A party whose pod sent no network (an older pod, during a rolling upgrade)
     * counts as a network of its own, named by its session id: the same 32 hex characters, so the ticket still
     * seals, and moderation counts it as one distinct reporter, as it did before networks were counted. Its
     * partner's pod then avoids that session id as a network, which matches nobody else.
     */
    static String networkOf(PairedSession paired) {
        return paired.network() != null ? paired.network() : paired.session();
    }

    private static BusMessage.Matched matched(PairedSession paired, BusMessage.MatchView view) {
        return new BusMessage.Matched(paired.session(), paired.joinSeq(), view);
    }
}
