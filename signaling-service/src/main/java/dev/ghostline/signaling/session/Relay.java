package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.BusMessage.SignalFrame;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.signaling.SignalingConfig;
import dev.ghostline.signaling.SignalingMetrics;
import dev.ghostline.signaling.bus.Bus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The handshake relay, the pod's hot path: a client's signal goes to its partner, on this pod directly or
 * through the bus to the partner's pod, and arrives through {@link #arrived} either way, where the rules hold:
 * only the receiver's current partner is heard, and each numbered signal is delivered once, in order. A signal
 * that arrives early (one before it was lost) is held, and the sender's pod is asked for what is missing; so is
 * everything after a resume's {@code lastSeq} ({@link #replayAfterResume}).
 */
@ApplicationScoped
public class Relay {
    /**
     * A relayed signal is this prefix, its number, the client's payload text as it came (already checked to be
     * one JSON object within the limits) and a closing brace: the same text the codec would write, without a
     * JSON generator pass over kilobytes of SDP.
     */
    private static final String SIGNAL_FRAME_PREFIX = "{\"type\":\"signal\",\"seq\":";

    private final SessionRegistry registry;
    private final Bus bus;
    private final Replies replies;
    private final SignalingMetrics metrics;
    private final Clock clock;
    private final Duration requestTimeout;

    Relay(SessionRegistry registry, Bus bus, Replies replies, SignalingMetrics metrics, Clock clock,
          SignalingConfig config) {
        this.registry = registry;
        this.bus = bus;
        this.replies = replies;
        this.metrics = metrics;
        this.clock = clock;
        this.requestTimeout = config.resumeRequestTimeout();
    }

    /**
     * Sends {@code payload} from {@code sender} to the partner of its match, numbered and kept for a replay. A
     * partner on this pod gets it here: through NATS and back cost more CPU than the rest of the relay. A
     * {@code clientSeq} the sender relayed already (a re-send after a resume) is dropped.
     */
    public void send(Session sender, String payload, long clientSeq) {
        SignalFrame signal;
        String partnerId;
        Session partner;
        synchronized (sender) {
            BusMessage.MatchView match = sender.match();
            SignalLedger ledger = sender.signals();
            if (match == null || ledger == null) {
                return;
            }
            long seq = ledger.nextSent(clientSeq);
            if (seq < 0) {
                return;
            }
            signal = new SignalFrame(seq, Math.max(clientSeq, 0),
                    SIGNAL_FRAME_PREFIX + seq + ",\"payload\":" + payload + '}');
            ledger.keep(signal, clock.millis());
            partnerId = match.partner();
            partner = registry.find(partnerId).orElse(null);
            if (partner == null) {
                // Published under the sender's lock, so its signals leave in the order of their numbers.
                bus.publish(Subjects.session(partnerId),
                        new BusMessage.Relay(sender.id(), signal.seq(), signal.clientSeq(), signal.frame()));
            }
        }
        if (partner != null) {
            // Outside the sender's lock: two partners sending to each other must not wait on each other's lock.
            // Numbers put the signals back in order if two threads race here.
            arrived(partner, sender.id(), signal);
        }
        metrics.signalRelayed();
    }

    /** A signal from {@code from} for {@code receiver}, from this pod or another. */
    public void arrived(Session receiver, String from, SignalFrame signal) {
        synchronized (receiver) {
            if (!receiver.isCurrentMatch(from, null)) {
                return;
            }
            SignalLedger ledger = receiver.signals();
            if (signal.seq() <= 0 || ledger == null) {
                // From a pod that does not number signals: as it was before numbering.
                deliver(receiver, List.of(signal));
                return;
            }
            long lostBefore = ledger.gapsGivenUp();
            deliver(receiver, ledger.arrive(signal));
            if (ledger.gapsGivenUp() > lostBefore) {
                replies.error(receiver, ErrorReply.SIGNALS_LOST);
            } else if (ledger.hasGap()) {
                askForMissing(receiver, ledger.receivedSeq(), false);
            }
        }
    }

    /**
     * After a resume with {@code lastSeq}: the client has the partner's signals up to it and no more, whatever
     * this pod sent to the connection that dropped. Signals kept here while it was away are sent on if they are
     * next; the partner's pod is asked for everything after what the client then has, which also covers signals
     * published while this pod was not yet subscribed for the session. Call with the session's lock held.
     */
    void replayAfterResume(Session session, long lastSeq, List<String> pendingFrames) {
        SignalLedger ledger = session.signals();
        ledger.resumeFrom(lastSeq);
        for (String frame : pendingFrames) {
            long seq = seqOf(frame);
            if (seq < 0) {
                replies.relay(session, frame);
            } else {
                deliver(session, ledger.arrive(new SignalFrame(seq, 0, frame)));
            }
        }
        askForMissing(session, ledger.receivedSeq(), true);
    }

    /** The partner's pod asks for this session's signals after {@code replay.after()}. */
    public void serveReplay(Session session, BusMessage.Replay replay, String replyTo) {
        BusMessage.Replayed answer;
        synchronized (session) {
            if (!session.isCurrentMatch(replay.from(), replay.matchId()) || session.signals() == null) {
                return;
            }
            answer = session.signals().since(replay.after(), replay.acknowledged(), clock.millis());
        }
        bus.reply(replyTo, answer);
        metrics.signalsReplayed(answer.frames().size());
    }

    private void askForMissing(Session receiver, long after, boolean acknowledged) {
        if (!receiver.signals().askReplay()) {
            return;
        }
        BusMessage.MatchView match = receiver.match();
        bus.request(Subjects.session(match.partner()),
                        new BusMessage.Replay(receiver.id(), match.matchId(), after, acknowledged), requestTimeout)
                .thenAccept(answer -> replayed(receiver, match, answer));
    }

    private void replayed(Session receiver, BusMessage.MatchView match, Optional<BusMessage> answer) {
        synchronized (receiver) {
            SignalLedger ledger = receiver.signals();
            if (ledger == null || !receiver.isCurrentMatch(match.partner(), match.matchId())) {
                return;
            }
            ledger.replayAnswered();
            boolean complete = false;
            if (answer.isPresent() && answer.get() instanceof BusMessage.Replayed replayed) {
                replayed.frames().forEach(frame -> deliver(receiver, ledger.arrive(frame)));
                complete = replayed.complete();
            }
            if (ledger.hasGap() || (answer.isPresent() && !complete)) {
                // What is still missing is gone: the client restarts ICE rather than wait for it.
                deliver(receiver, ledger.giveUpGap());
                replies.error(receiver, ErrorReply.SIGNALS_LOST);
            }
        }
    }

    private void deliver(Session receiver, List<SignalFrame> signals) {
        for (SignalFrame signal : signals) {
            replies.relay(receiver, signal.frame());
            metrics.signalDelivered();
        }
    }

    /** The {@code seq} of a signal frame this class built, or -1 for any other frame. */
    static long seqOf(String frame) {
        if (!frame.startsWith(SIGNAL_FRAME_PREFIX)) {
            return -1;
        }
        long seq = 0;
        for (int i = SIGNAL_FRAME_PREFIX.length(); i < frame.length() && Character.isDigit(frame.charAt(i)); i++) {
            seq = seq * 10 + (frame.charAt(i) - '0');
        }
        return seq;
    }
}
