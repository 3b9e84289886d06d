package dev.ghostline.moderation;

import dev.ghostline.protocol.moderation.ModerationStream;
import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.Map;

/**
 * The stream and subject of the outgoing channel {@value #CHANNEL}, taken from {@link ModerationStream}, so that
 * revocations go where every pod and the matchmaker listen and no subject is spelt outside {@code protocol/}.
 * The JetStream connector reads both only as channel configuration ({@code mp.messaging.outgoing.<channel>.*}),
 * hence a config source rather than code. Its ordinal is above system properties (400), environment variables
 * (300) and application.properties (250): nothing can point revocations anywhere else.
 */
@StaticInitSafe
public class RevocationChannelConfig extends MapBackedConfigSource {
    /** The channel {@link EmitterRevocationPublisher} sends on. */
    public static final String CHANNEL = "revocations";
    static final String STREAM = "mp.messaging.outgoing." + CHANNEL + ".stream";
    static final String SUBJECT = "mp.messaging.outgoing." + CHANNEL + ".subject";
    static final int ORDINAL = 500;

    public RevocationChannelConfig() {
        super("ghostline-revocation-channel",
                Map.of(STREAM, ModerationStream.NAME, SUBJECT, ModerationStream.REVOKED), ORDINAL);
    }
}
