package dev.ghostline.protocol.crypto;

import java.time.Instant;

/** What a session token proves: the holder owns {@code sessionId} until {@code expiresAt}. */
public record SessionToken(String sessionId, Instant expiresAt) {
    @Override
    public String toString() {
        return "SessionToken[redacted]";
    }
}
