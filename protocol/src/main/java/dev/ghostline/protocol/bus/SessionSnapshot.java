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
        List<String> pendingFrames) {

    public SessionSnapshot {
        recentPartners = recentPartners == null ? List.of() : List.copyOf(recentPartners);
        recentPartnerNetworks = recentPartnerNetworks == null ? List.of() : List.copyOf(recentPartnerNetworks);
        pendingFrames = pendingFrames == null ? List.of() : List.copyOf(pendingFrames);
    }

    /** What the session joined with; null while idle. */
    public record Join(JoinMode mode, String lobby, List<String> interests, String room) {
        public Join {
            interests = interests == null ? List.of() : List.copyOf(interests);
        }
    }
}
