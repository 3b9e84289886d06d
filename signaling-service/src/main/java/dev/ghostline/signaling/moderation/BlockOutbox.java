package dev.ghostline.signaling.moderation;

import dev.ghostline.protocol.bus.BusMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Address blocks this pod made that the moderation stream has not acknowledged yet. A block is sent again (on
 * every tick of the moderation feed, once a second) until the stream stores it or the block has ended, so a NATS
 * outage at the moment of a revocation delays the block on other pods but does not lose it. Memory only: keyed
 * hashes and deadlines.
 */
final class BlockOutbox {
    /** @param sending a publication is in flight; @param failedBefore an earlier one failed */
    private record State(boolean sending, boolean failedBefore) {
    }

    private final Map<BusMessage.AddressBlocked, State> pending = new ConcurrentHashMap<>();

    void add(BusMessage.AddressBlocked block) {
        pending.putIfAbsent(block, new State(false, false));
    }

    /**
     * The blocks to send now, each marked as in flight so it is not sent twice at once. Blocks that have ended
     * are dropped: nobody needs them any more.
     */
    List<BusMessage.AddressBlocked> takeDue(long nowEpochSecond) {
        pending.keySet().removeIf(block -> block.untilEpochSecond() <= nowEpochSecond);
        List<BusMessage.AddressBlocked> due = new ArrayList<>();
        pending.forEach((block, state) -> {
            if (!state.sending() && pending.replace(block, state, new State(true, state.failedBefore()))) {
                due.add(block);
            }
        });
        return due;
    }

    /** The stream stored it. */
    void acknowledged(BusMessage.AddressBlocked block) {
        pending.remove(block);
    }

    /** Not stored this time: sent again on the next tick. True the first time a block fails (worth a warning). */
    boolean failed(BusMessage.AddressBlocked block) {
        State state = pending.get(block);
        if (state == null || !pending.replace(block, state, new State(false, true))) {
            return false;
        }
        return !state.failedBefore();
    }

    int size() {
        return pending.size();
    }

    /** Blocks waiting for the next attempt (none in flight). */
    int waiting() {
        return (int) pending.values().stream().filter(state -> !state.sending()).count();
    }
}
