package dev.ghostline.protocol.crypto;

import java.time.Instant;
import java.util.Optional;

/** What a match ticket proves: sessions {@code a} and {@code b} were matched as {@code matchId}. */
public record MatchTicket(String matchId, String a, String b, Instant expiresAt) {

    public boolean hasParty(String sessionId) {
        return a.equals(sessionId) || b.equals(sessionId);
    }

    /** The other party, if {@code sessionId} is one of the two. */
    public Optional<String> partnerOf(String sessionId) {
        if (a.equals(sessionId)) {
            return Optional.of(b);
        }
        return b.equals(sessionId) ? Optional.of(a) : Optional.empty();
    }

    @Override
    public String toString() {
        return "MatchTicket[redacted]";
    }
}
