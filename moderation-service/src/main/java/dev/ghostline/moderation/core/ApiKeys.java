package dev.ghostline.moderation.core;

import dev.ghostline.protocol.crypto.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <key>} against the configured API keys. Every configured key is compared,
 * always, in constant time over SHA-256 digests, so neither which key matched nor how long a key is can be
 * learnt from timing.
 */
public final class ApiKeys {
    public static final int MIN_KEY_LENGTH = 32;
    private static final String SCHEME = "bearer ";

    /** What a request's Authorization header proves. */
    public enum Verdict {
        /** One of the configured keys. */
        ACCEPTED,
        /** No usable Bearer credentials: answer 401. */
        MISSING,
        /** Credentials that match no key, or no keys are configured at all: answer 403. */
        REFUSED
    }

    private final List<String> keyDigests;

    public ApiKeys(List<String> keys) {
        for (String key : keys) {
            if (key == null || key.strip().length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException(
                        "ghostline.moderation.api-keys: every key must be at least " + MIN_KEY_LENGTH + " characters");
            }
        }
        this.keyDigests = keys.stream().map(key -> digest(key.strip())).toList();
    }

    public boolean isEmpty() {
        return keyDigests.isEmpty();
    }

    public Verdict check(String authorizationHeader) {
        String presented = bearer(authorizationHeader);
        if (presented == null) {
            return keyDigests.isEmpty() ? Verdict.REFUSED : Verdict.MISSING;
        }
        String presentedDigest = digest(presented);
        boolean matched = false;
        for (String keyDigest : keyDigests) {
            // Non-short-circuiting OR: every key is compared whatever the earlier results were.
            matched |= ClusterSecret.constantTimeEquals(keyDigest, presentedDigest);
        }
        return matched ? Verdict.ACCEPTED : Verdict.REFUSED;
    }

    private static String bearer(String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String credentials = header.substring(SCHEME.length()).strip();
        return credentials.isEmpty() ? null : credentials;
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
