package dev.ghostline.protocol.crypto;

import dev.ghostline.protocol.wire.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * What a match ticket proves: sessions {@code a} (the offerer) and {@code b} (the answerer) were matched as
 * {@code matchId}, joining from networks {@code networkA} and {@code networkB}. A network is the keyed, daily hash
 * of the address a party waited from ({@link AddressHashes#network}); only services can open a ticket, so clients
 * never see it.
 */
public record MatchTicket(String matchId, String a, String b, String networkA, String networkB, Instant expiresAt) {

    /** The session that took {@code role} in this match. */
    public String sessionOf(Role role) {
        return role == Role.OFFERER ? a : b;
    }

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

    /** The network {@code sessionId} joined this match from, if it is one of the two. */
    public Optional<String> networkOf(String sessionId) {
        if (a.equals(sessionId)) {
            return Optional.of(networkA);
        }
        return b.equals(sessionId) ? Optional.of(networkB) : Optional.empty();
    }

    @Override
    public String toString() {
        return "MatchTicket[redacted]";
    }
}
