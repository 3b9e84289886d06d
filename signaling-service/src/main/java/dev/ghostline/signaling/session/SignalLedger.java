package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage.Replayed;
import dev.ghostline.protocol.bus.BusMessage.SignalFrame;
import dev.ghostline.protocol.bus.SessionSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One match's signal numbering as one session sees it, both ways. Sent: the session's signals get
 * {@code seq} 1, 2, … in relay order, and the last ones are kept (bounded by characters and by age) so the
 * partner's pod can ask for them again after a resume or a lost message. Received: the partner's signals are
 * delivered once each, in order; one that arrives early (its predecessor was lost, or is still on another
 * connection) is held until the gap is filled. Not thread-safe: the session's lock guards it.
 */
final class SignalLedger {
    /** Kept signals, in characters: a replay or a handover carries them in one NATS message (1 MiB). */
    static final int MAX_KEPT_CHARS = 256 * 1024;
    /**
     * Early arrivals held while a gap is filled, by count and in characters; past either the gap is given up.
     * Generous: the partner goes on sending while the replay that fills the gap is on its way.
     */
    static final int MAX_HELD = 1024;
    static final int MAX_HELD_CHARS = 256 * 1024;

    private final long keepMillis;
    private long sentSeq;
    private long sentClientSeq;
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private int keptChars;
    private long receivedSeq;
    private long receivedClientSeq;
    private final TreeMap<Long, SignalFrame> held = new TreeMap<>();
    private int heldChars;
    /**
     * False while this pod does not know which signal the client has (a session rebuilt from its partner's pod,
     * whose client gave no {@code lastSeq}): the next one to arrive is taken as the next, as before numbering.
     */
    private boolean receivedKnown = true;
    private long gapsGivenUp;
    private boolean replayAsked;

    private record Kept(SignalFrame frame, long atMillis) {
    }

    /** {@code keepMillis}: how long a sent signal is kept at most (the resume window). */
    SignalLedger(long keepMillis) {
        this.keepMillis = keepMillis;
    }

    /** Rebuilds the numbering a handover or a locate carried; kept signals count from {@code nowMillis}. */
    static SignalLedger restore(SessionSnapshot.Signals signals, long keepMillis, long nowMillis) {
        SignalLedger ledger = new SignalLedger(keepMillis);
        ledger.sentSeq = signals.sentSeq();
        ledger.sentClientSeq = signals.sentClientSeq();
        ledger.receivedSeq = signals.receivedSeq();
        ledger.receivedClientSeq = signals.receivedClientSeq();
        for (SignalFrame frame : signals.kept()) {
            ledger.keep(frame, nowMillis);
        }
        return ledger;
    }

    /**
     * The numbering of a session rebuilt from its partner's pod after its own pod died: it sends on from the last
     * signal the partner's pod received; what its client has is unknown until the client says ({@code lastSeq})
     * or, for a client that numbers nothing, until the next signal arrives.
     */
    static SignalLedger afterPodLoss(long partnerReceivedSeq, long partnerReceivedClientSeq, long keepMillis) {
        SignalLedger ledger = new SignalLedger(keepMillis);
        ledger.sentSeq = partnerReceivedSeq;
        ledger.sentClientSeq = partnerReceivedClientSeq;
        ledger.receivedKnown = false;
        return ledger;
    }

    SessionSnapshot.Signals snapshot() {
        List<SignalFrame> frames = new ArrayList<>(kept.size());
        kept.forEach(k -> frames.add(k.frame()));
        return new SessionSnapshot.Signals(sentSeq, sentClientSeq, frames, receivedSeq, receivedClientSeq);
    }

    /**
     * The {@code seq} for the client's next signal, or -1 when it is a re-send of one relayed already: its
     * {@code clientSeq} is not above the highest relayed. {@code clientSeq} ≤ 0: the client numbers nothing.
     */
    long nextSent(long clientSeq) {
        if (clientSeq > 0) {
            if (clientSeq <= sentClientSeq) {
                return -1;
            }
            sentClientSeq = clientSeq;
        }
        return ++sentSeq;
    }

    /** Keeps a relayed signal for a replay; the oldest go first past the bounds. */
    void keep(SignalFrame frame, long nowMillis) {
        kept.addLast(new Kept(frame, nowMillis));
        keptChars += frame.frame().length();
        trim(nowMillis);
    }

    /**
     * The kept signals after {@code after}, for the partner's pod; incomplete when the first one after it is
     * gone. {@code acknowledged}: the partner's client said it has everything up to {@code after}, so those are
     * dropped (a gap its pod saw acknowledges nothing: the pod may have sent them to a socket that was dead).
     */
    Replayed since(long after, boolean acknowledged, long nowMillis) {
        if (acknowledged) {
            while (!kept.isEmpty() && kept.peekFirst().frame().seq() <= after) {
                keptChars -= kept.removeFirst().frame().frame().length();
            }
        }
        trim(nowMillis);
        List<SignalFrame> frames = new ArrayList<>(kept.size());
        boolean complete = after >= sentSeq;
        for (Kept k : kept) {
            if (k.frame().seq() > after) {
                complete |= frames.isEmpty() && k.frame().seq() == after + 1;
                frames.add(k.frame());
            }
        }
        return new Replayed(frames, complete);
    }

    private void trim(long nowMillis) {
        while (!kept.isEmpty() && (keptChars > MAX_KEPT_CHARS || nowMillis - kept.peekFirst().atMillis() > keepMillis)) {
            keptChars -= kept.removeFirst().frame().frame().length();
        }
    }

    /**
     * A signal of the partner's: returns the ones to deliver now, in order (it, and any held ones it lets
     * through), or nothing when it was delivered before or arrived early (then it is held).
     */
    List<SignalFrame> arrive(SignalFrame frame) {
        if (!receivedKnown) {
            receivedKnown = true;
            receivedSeq = frame.seq() - 1;
        }
        if (frame.seq() <= receivedSeq) {
            return List.of();
        }
        if (frame.seq() > receivedSeq + 1) {
            if (held.put(frame.seq(), frame) == null) {
                heldChars += frame.frame().length();
            }
            if (held.size() > MAX_HELD || heldChars > MAX_HELD_CHARS) {
                return giveUpGap();
            }
            return List.of();
        }
        List<SignalFrame> ready = new ArrayList<>(1 + held.size());
        accept(frame, ready);
        releaseHeld(ready);
        return ready;
    }

    /** Some early arrival waits for a signal that has not come. */
    boolean hasGap() {
        return !held.isEmpty();
    }

    /**
     * Gives up on the signals missing before the first held one: they are lost. Returns the held ones, now
     * deliverable, in order.
     */
    List<SignalFrame> giveUpGap() {
        List<SignalFrame> ready = new ArrayList<>(held.size());
        if (!held.isEmpty()) {
            gapsGivenUp++;
            receivedSeq = held.firstKey() - 1;
            releaseHeld(ready);
        }
        return ready;
    }

    /**
     * The client says it has every signal up to {@code lastSeq} and no more (a resume): the ones after it are
     * owed again, whatever this pod had sent to the connection that dropped.
     */
    void resumeFrom(long lastSeq) {
        receivedKnown = true;
        receivedSeq = lastSeq;
        dropHeldUpTo(lastSeq);
    }

    long sentSeq() {
        return sentSeq;
    }

    long sentClientSeq() {
        return sentClientSeq;
    }

    long receivedSeq() {
        return receivedSeq;
    }

    long receivedClientSeq() {
        return receivedClientSeq;
    }

    /** True, once until {@link #replayAnswered}, when the partner's pod should be asked for missing signals. */
    boolean askReplay() {
        if (replayAsked) {
            return false;
        }
        replayAsked = true;
        return true;
    }

    void replayAnswered() {
        replayAsked = false;
    }

    /** How many times signals were given up as lost; the client is told each time. */
    long gapsGivenUp() {
        return gapsGivenUp;
    }

    /** Characters of signals kept for a replay. */
    int keptChars() {
        return keptChars;
    }

    private void accept(SignalFrame frame, List<SignalFrame> ready) {
        receivedSeq = frame.seq();
        if (frame.clientSeq() > 0) {
            receivedClientSeq = frame.clientSeq();
        }
        ready.add(frame);
    }

    private void releaseHeld(List<SignalFrame> ready) {
        dropHeldUpTo(receivedSeq);
        Map.Entry<Long, SignalFrame> next;
        while ((next = held.firstEntry()) != null && next.getKey() == receivedSeq + 1) {
            held.pollFirstEntry();
            heldChars -= next.getValue().frame().length();
            accept(next.getValue(), ready);
        }
    }

    private void dropHeldUpTo(long seq) {
        while (!held.isEmpty() && held.firstKey() <= seq) {
            heldChars -= held.pollFirstEntry().getValue().frame().length();
        }
    }
}
