package dev.ghostline.protocol.crypto;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Issues and verifies match tickets: AES-GCM sealed
 * {@code matchId | sessionA | sessionB | networkA | networkB | expiry}. Networks are 128-bit keyed hashes
 * ({@link AddressHashes#network}), the same size as ids.
 */
public final class MatchTickets {
    private static final int PLAIN_BYTES = 5 * Ids.BYTES + Long.BYTES;

    private final Sealer sealer;
    private final Clock clock;

    public MatchTickets(ClusterSecret secret, Clock clock) {
        this.sealer = new Sealer(secret, "match-ticket");
        this.clock = clock;
    }

    /** {@code networkA} and {@code networkB}: where each party waited from, as 32 hex characters. */
    public String issue(String matchId, String a, String b, String networkA, String networkB, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(SessionTokens.MAX_TTL) > 0) {
            throw new IllegalArgumentException("ticket ttl must be in (0, 24h]");
        }
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        return sealer.seal(ByteBuffer.allocate(PLAIN_BYTES)
                .put(Ids.toBytes(matchId)).put(Ids.toBytes(a)).put(Ids.toBytes(b))
                .put(Ids.toBytes(networkA)).put(Ids.toBytes(networkB)).putLong(expiry).array());
    }

    /** Empty when the ticket is forged, malformed or expired. */
    public Optional<MatchTicket> verify(String ticket) {
        if (ticket == null) {
            return Optional.empty();
        }
        return sealer.open(ticket, PLAIN_BYTES)
                .map(p -> new MatchTicket(Ids.fromBytes(p, 0), Ids.fromBytes(p, Ids.BYTES),
                        Ids.fromBytes(p, 2 * Ids.BYTES), Ids.fromBytes(p, 3 * Ids.BYTES), Ids.fromBytes(p, 4 * Ids.BYTES),
                        Instant.ofEpochSecond(ByteBuffer.wrap(p, 5 * Ids.BYTES, Long.BYTES).getLong())))
                .filter(t -> t.expiresAt().isAfter(clock.instant()));
    }
}
