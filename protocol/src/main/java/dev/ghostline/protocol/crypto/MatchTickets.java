package dev.ghostline.protocol.crypto;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Issues and verifies match tickets: AES-GCM sealed {@code matchId | sessionA | sessionB | expiry}. */
public final class MatchTickets {
    private static final int PLAIN_BYTES = 3 * Ids.BYTES + Long.BYTES;

    private final Sealer sealer;
    private final Clock clock;

    public MatchTickets(ClusterSecret secret, Clock clock) {
        this.sealer = new Sealer(secret, "match-ticket");
        this.clock = clock;
    }

    public String issue(String matchId, String a, String b, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(SessionTokens.MAX_TTL) > 0) {
            throw new IllegalArgumentException("ticket ttl must be in (0, 24h]");
        }
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        return sealer.seal(ByteBuffer.allocate(PLAIN_BYTES)
                .put(Ids.toBytes(matchId)).put(Ids.toBytes(a)).put(Ids.toBytes(b)).putLong(expiry).array());
    }

    /** Empty when the ticket is forged, malformed or expired. */
    public Optional<MatchTicket> verify(String ticket) {
        if (ticket == null) {
            return Optional.empty();
        }
        return sealer.open(ticket, PLAIN_BYTES)
                .map(p -> new MatchTicket(Ids.fromBytes(p, 0), Ids.fromBytes(p, Ids.BYTES),
                        Ids.fromBytes(p, 2 * Ids.BYTES),
                        Instant.ofEpochSecond(ByteBuffer.wrap(p, 3 * Ids.BYTES, Long.BYTES).getLong())))
                .filter(t -> t.expiresAt().isAfter(clock.instant()));
    }
}
