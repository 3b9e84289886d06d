package dev.ghostline.matchmaker.nats;

import dev.ghostline.matchmaker.MatchmakerConfig;
import dev.ghostline.matchmaker.MatchmakerMetrics;
import dev.ghostline.matchmaker.engine.Outcome;
import dev.ghostline.matchmaker.engine.Pairing;
import dev.ghostline.matchmaker.engine.Party;
import dev.ghostline.matchmaker.engine.RoomRejection;
import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.Role;
import io.nats.client.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/** Tells the sessions what the engine decided, each on its own subject, each party its own view. */
@ApplicationScoped
public class MatchAnnouncer {
    private static final Logger LOG = Logger.getLogger(MatchAnnouncer.class);

    private final Connection connection;
    private final MatchTickets tickets;
    private final MatchmakerConfig config;
    private final MatchmakerMetrics metrics;
    private final BusCodec codec = new BusCodec();

    public MatchAnnouncer(Connection connection, MatchTickets tickets, MatchmakerConfig config, MatchmakerMetrics metrics) {
        this.connection = connection;
        this.tickets = tickets;
        this.config = config;
        this.metrics = metrics;
    }

    public void announce(List<? extends Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Pairing pairing) {
                announce(pairing);
            } else if (outcome instanceof RoomRejection rejection) {
                announce(rejection);
            }
        }
    }

    private void announce(Pairing pairing) {
        Party offerer = pairing.offerer();
        Party answerer = pairing.answerer();
        String matchId = Ids.random();
        String ticket = tickets.issue(matchId, offerer.session(), answerer.session(), config.ticketTtl());
        send(offerer, new BusMessage.MatchView(matchId, answerer.session(), answerer.pod(), Role.OFFERER,
                pairing.commonInterests(), ticket));
        send(answerer, new BusMessage.MatchView(matchId, offerer.session(), offerer.pod(), Role.ANSWERER,
                pairing.commonInterests(), ticket));
        metrics.matched();
    }

    private void announce(RoomRejection rejection) {
        publish(rejection.session(),
                new BusMessage.JoinRejected(rejection.session(), rejection.joinSeq(), ErrorCode.ROOM_FULL));
        metrics.roomRejected();
    }

    private void send(Party party, BusMessage.MatchView view) {
        publish(party.session(), new BusMessage.Matched(party.session(), party.joinSeq(), view));
    }

    private void publish(String session, BusMessage message) {
        try {
            connection.publish(Subjects.session(session), codec.encode(message));
        } catch (IllegalStateException e) {
            // Closed connection (shutting down). The pods' next refresh re-enters the session elsewhere.
            LOG.warnf("could not publish %s: NATS connection closed", message.getClass().getSimpleName());
        }
    }
}
