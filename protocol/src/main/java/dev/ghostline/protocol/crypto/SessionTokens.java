package dev.ghostline.protocol.crypto;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Issues and verifies session tokens: AES-GCM sealed {@code sessionId | expiry}. Any service holding the
 * cluster secret verifies them with nothing stored. A token carries 128 random bits of session id plus a
 * 96-bit random nonce.
 */
public final class SessionTokens {
    /** Tokens never live longer than this, whatever the configuration says. */
    public static final Duration MAX_TTL = Duration.ofHours(24);
    private static final int PLAIN_BYTES = Ids.BYTES + Long.BYTES;

    private final Sealer sealer;
    private final Clock clock;

    public SessionTokens(ClusterSecret secret, Clock clock) {
        this.sealer = new Sealer(secret, "session-token");
        this.clock = clock;
    }

    public String issue(String sessionId, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("token ttl must be in (0, 24h]");
        }
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        return sealer.seal(ByteBuffer.allocate(PLAIN_BYTES).put(Ids.toBytes(sessionId)).putLong(expiry).array());
    }

    /** Empty when the token is forged, malformed or expired. */
    public Optional<SessionToken> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        return sealer.open(token, PLAIN_BYTES)
                .map(plain -> new SessionToken(Ids.fromBytes(plain, 0),
                        Instant.ofEpochSecond(ByteBuffer.wrap(plain, Ids.BYTES, Long.BYTES).getLong())))
                .filter(t -> t.expiresAt().isAfter(clock.instant()));
    }
}
