package dev.ghostline.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ephemeral TURN credentials in the TURN REST scheme that coturn's {@code use-auth-secret} checks:
 * username {@code <unix expiry>:<random opaque id>}, password {@code base64(HMAC-SHA1(secret, username))}.
 * The opaque id is fresh random, never a session id or token, so coturn learns nothing about the session.
 */
public final class TurnCredentials {
    /** Longest TTL we hand out: coturn checks expiry only at allocation and refresh. */
    public static final Duration MAX_TTL = Duration.ofHours(1);
    public static final int MIN_SECRET_LENGTH = 32;

    private final byte[] secret;
    private final Clock clock;

    public TurnCredentials(String secret, Clock clock) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("TURN secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** A username and password valid for {@code ttl}. */
    public Credential issue(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("TURN credential ttl must be in (0, 1h]");
        }
        Instant expiresAt = clock.instant().plus(ttl);
        String username = expiresAt.getEpochSecond() + ":" + Ids.random().substring(0, 16);
        return new Credential(username, password(username), expiresAt);
    }

    /** The password coturn expects for {@code username}. */
    public String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** One credential: what goes into RTCIceServer.username and .credential. */
    public record Credential(String username, String password, Instant expiresAt) {
        @Override
        public String toString() {
            return "TurnCredential[redacted]";
        }
    }
}
