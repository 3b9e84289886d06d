package dev.ghostline.matchmaker.nats;

import dev.ghostline.matchmaker.engine.Candidate;
import dev.ghostline.matchmaker.engine.Mode;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.wire.JoinMode;
import java.util.Optional;

/**
 * Checks bus entries before they reach the engine. Pods are trusted, but a malformed entry must cost one
 * entry, not a match ticket that cannot be sealed (tickets need well-formed session ids and networks) or a
 * stuck pool. A missing network is fine (older pods send none); a malformed one refuses the entry.
 */
public final class WaitEntries {

    private WaitEntries() {
    }

    /** The engine's view of a wait entry sent by {@code pod}; empty when the entry is not well-formed. */
    public static Optional<Candidate> toCandidate(String pod, BusMessage.WaitEntry entry) {
        // Null list elements cannot get here: WaitEntry's constructor already refuses them.
        if (entry == null || !Ids.isValid(entry.session()) || entry.joinSeq() < 0 || isBlank(pod)
                || entry.mode() == null || (entry.network() != null && !Ids.isValid(entry.network()))) {
            return Optional.empty();
        }
        if (entry.mode() == JoinMode.ROOM) {
            if (isBlank(entry.room())) {
                return Optional.empty();
            }
            return Optional.of(Candidate.room(entry.session(), entry.joinSeq(), pod, entry.room(),
                    entry.waitingSinceMillis(), entry.paired(), entry.network()));
        }
        if (entry.lobby() == null) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(entry.session(), entry.joinSeq(), pod, Mode.RANDOM, entry.lobby(), null,
                entry.interests(), entry.avoid(), entry.waitingSinceMillis(), entry.paired(), entry.network(),
                entry.avoidNetworks()));
    }

    public static boolean isWellFormed(BusMessage.CancelEntry entry) {
        return entry != null && Ids.isValid(entry.session()) && entry.joinSeq() >= 0;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
