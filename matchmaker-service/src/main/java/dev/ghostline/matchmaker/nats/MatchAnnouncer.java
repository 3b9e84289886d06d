package dev.ghostline.matchmaker.nats;

import dev.ghostline.matchmaker.MatchmakerConfig;
import dev.ghostline.matchmaker.MatchmakerMetrics;
import dev.ghostline.matchmaker.engine.Outcome;
import dev.ghostline.matchmaker.engine.Pairing;
import dev.ghostline.matchmaker.engine.RoomRejection;
import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.wire.ErrorCode;
import io.nats.client.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/** Tells the sessions what the engine decided, each on its own subject, each party its own view. */
@ApplicationScoped
public class MatchAnnouncer {
    private static final Logger LOG = Logger.getLogger(MatchAnnouncer.class);

    private final Connection connection;
    private final MatchNotices notices;
    private final MatchmakerMetrics metrics;
    private final BusCodec codec = new BusCodec();

    public MatchAnnouncer(Connection connection, MatchTickets tickets, MatchmakerConfig config, MatchmakerMetrics metrics) {
        this.connection = connection;
        this.notices = new MatchNotices(tickets, config.ticketTtl());
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
        for (BusMessage.Matched matched : notices.of(pairing, Ids.random())) {
            publish(matched.session(), matched);
        }
        metrics.matched();
    }

    private void announce(RoomRejection rejection) {
        publish(rejection.session(),
                new BusMessage.JoinRejected(rejection.session(), rejection.joinSeq(), ErrorCode.ROOM_FULL));
        metrics.roomRejected();
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
