package dev.ghostline.protocol.bus;

import dev.ghostline.protocol.wire.JoinMode;
import java.util.List;

/**
 * A session's state, handed from the pod that held it to the pod that resumes it. Frames that could not be
 * delivered while the client was away travel with it.
 */
public record SessionSnapshot(
        String sessionId,
        long joinSeq,
        Join join,
        long waitingSinceMillis,
        BusMessage.MatchView match,
        List<String> recentPartners,
        List<String> recentPartnerNetworks,
        List<String> pendingFrames,
        Signals signals) {

    public SessionSnapshot {
        recentPartners = recentPartners == null ? List.of() : List.copyOf(recentPartners);
        recentPartnerNetworks = recentPartnerNetworks == null ? List.of() : List.copyOf(recentPartnerNetworks);
        pendingFrames = pendingFrames == null ? List.of() : List.copyOf(pendingFrames);
    }

    /**
     * The current match's signal numbering (null while not matched): what this session sent ({@code sentSeq},
     * its client's {@code sentClientSeq}, and the signals kept for a replay) and what it received.
     */
    public record Signals(long sentSeq, long sentClientSeq, List<BusMessage.SignalFrame> kept, long receivedSeq,
                          long receivedClientSeq) {
        public Signals {
            kept = kept == null ? List.of() : List.copyOf(kept);
        }
    }

    /** What the session joined with; null while idle. */
    public record Join(JoinMode mode, String lobby, List<String> interests, String room) {
        public Join {
            interests = interests == null ? List.of() : List.copyOf(interests);
        }
    }
}
