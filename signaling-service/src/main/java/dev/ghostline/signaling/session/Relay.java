package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.signaling.SignalingMetrics;
import dev.ghostline.signaling.bus.Bus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The handshake relay, the pod's hot path: a client's signal goes to its partner, on this pod directly or
 * through the bus to the partner's pod, and arrives through {@link #arrived} either way, where the one rule
 * holds: only the receiver's current partner is heard, so late signals from an earlier partner are dropped.
 */
@ApplicationScoped
public class Relay {
    /**
     * A relayed signal is this prefix, the client's payload text as it came (already checked to be one JSON
     * object within the limits) and a closing brace: the same text the codec would write, without a JSON
     * generator pass over kilobytes of SDP.
     */
    private static final String SIGNAL_FRAME_PREFIX = "{\"type\":\"signal\",\"payload\":";

    private final SessionRegistry registry;
    private final Bus bus;
    private final Replies replies;
    private final SignalingMetrics metrics;

    Relay(SessionRegistry registry, Bus bus, Replies replies, SignalingMetrics metrics) {
        this.registry = registry;
        this.bus = bus;
        this.replies = replies;
        this.metrics = metrics;
    }

    /**
     * Sends {@code payload} from {@code sender} to the partner of {@code match}. A partner on this pod gets it
     * here: through NATS and back cost more CPU than the rest of the relay.
     */
    public void send(Session sender, BusMessage.MatchView match, String payload) {
        String frame = SIGNAL_FRAME_PREFIX + payload + '}';
        Session partner = registry.find(match.partner()).orElse(null);
        if (partner != null) {
            arrived(partner, sender.id(), frame);
        } else {
            bus.publish(Subjects.session(match.partner()), new BusMessage.Relay(sender.id(), frame));
        }
        metrics.signalRelayed();
    }

    /** A signal frame from {@code from} for {@code receiver}, from this pod or another. */
    public void arrived(Session receiver, String from, String frame) {
        if (receiver.isCurrentMatch(from, null)) {
            replies.relay(receiver, frame);
            metrics.signalDelivered();
        }
    }
}
