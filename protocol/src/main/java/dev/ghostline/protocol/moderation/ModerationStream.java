package dev.ghostline.protocol.moderation;

import java.time.Duration;

/**
 * The JetStream stream that carries moderation decisions to every pod. Memory storage only; a message is
 * kept no longer than a session token can live, so a pod that boots replays exactly what can still matter.
 * Every publisher and consumer takes the stream's shape from here, so no two services disagree on it.
 */
public final class ModerationStream {
    public static final String NAME = "GL_MODERATION";
    /** Every subject of the stream. */
    public static final String SUBJECTS = "gl.moderation.>";
    /** Moderation service to everyone: {@link dev.ghostline.protocol.bus.BusMessage.SessionRevoked}. */
    public static final String REVOKED = "gl.moderation.revoked";
    /** Signaling pod to every pod: {@link dev.ghostline.protocol.bus.BusMessage.AddressBlocked}. */
    public static final String BLOCKED = "gl.moderation.blocked";
    /** Longer than any token lives ({@link dev.ghostline.protocol.crypto.SessionTokens#MAX_TTL}) and any block. */
    public static final Duration MAX_AGE = Duration.ofHours(24).plusMinutes(5);

    private ModerationStream() {
    }
}
