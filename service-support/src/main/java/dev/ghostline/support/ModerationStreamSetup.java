package dev.ghostline.support;

import dev.ghostline.protocol.moderation.ModerationStream;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;

/**
 * Creates the moderation stream, or brings an existing one to the shape {@link ModerationStream} defines.
 * Every service that publishes to it or reads it calls this first; whoever comes first creates it, and the
 * same configuration from everyone makes the race harmless.
 */
public final class ModerationStreamSetup {
    /** Revocations and blocks are small JSON records; anything larger is not ours. */
    private static final int MAX_MESSAGE_BYTES = 1024;
    /** About 400,000 decisions: far more than a day brings; the oldest go first if it ever fills. */
    private static final long MAX_STREAM_BYTES = 64L * 1024 * 1024;

    private ModerationStreamSetup() {
    }

    public static StreamConfiguration configuration(int replicas) {
        return StreamConfiguration.builder()
                .name(ModerationStream.NAME)
                .subjects(ModerationStream.SUBJECTS)
                .storageType(StorageType.Memory)
                .maxAge(ModerationStream.MAX_AGE)
                .maximumMessageSize(MAX_MESSAGE_BYTES)
                .maxBytes(MAX_STREAM_BYTES)
                .discardPolicy(DiscardPolicy.Old)
                .replicas(replicas)
                .build();
    }

    public static void ensure(Connection connection, int replicas) throws IOException, JetStreamApiException {
        JetStreamManagement management = connection.jetStreamManagement();
        StreamConfiguration wanted = configuration(replicas);
        try {
            management.getStreamInfo(ModerationStream.NAME);
            management.updateStream(wanted);
        } catch (JetStreamApiException notFound) {
            if (notFound.getErrorCode() != 404) {
                throw notFound;
            }
            management.addStream(wanted);
        }
    }
}
