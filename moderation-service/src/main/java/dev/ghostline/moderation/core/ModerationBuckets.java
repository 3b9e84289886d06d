package dev.ghostline.moderation.core;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.time.Duration;

/**
 * The two JetStream key-value buckets the moderation replicas share, both in memory storage with a TTL, so
 * nothing is written to disk and nothing outlives its use. Every replica calls {@link #ensure} at start; the
 * same configuration from everyone makes the race harmless.
 */
public final class ModerationBuckets {
    /**
     * {@code <reported>.by.<reporter>} → reason, and {@code <reported>.revocation} → {@link Tally.Claim}. See
     * {@link TallyStore}.
     */
    public static final String TALLIES = "GL_MOD_TALLIES";
    /** {@code <matchId>.<reporterId>} → marker: this reporter already reported this match. */
    public static final String REPORTED = "GL_MOD_REPORTED";
    /** A reason code or a claim's small JSON; the server counts the message's headers too. */
    private static final int MAX_VALUE_BYTES = 256;

    private ModerationBuckets() {
    }

    public static KeyValueConfiguration tallies(Duration window, int replicas) {
        return KeyValueConfiguration.builder()
                .name(TALLIES)
                .storageType(StorageType.Memory)
                // Exactly the window: each report is its own key and is never rewritten, so it is dropped
                // when it leaves the window. A claim lives the window after its last write.
                .ttl(window)
                .maxHistoryPerKey(1)
                .maximumValueSize(MAX_VALUE_BYTES)
                .replicas(replicas)
                .build();
    }

    public static KeyValueConfiguration reported(Duration reportMemory, int replicas) {
        return KeyValueConfiguration.builder()
                .name(REPORTED)
                .storageType(StorageType.Memory)
                .ttl(reportMemory)
                .maxHistoryPerKey(1)
                .maximumValueSize(MAX_VALUE_BYTES)
                .replicas(replicas)
                .build();
    }

    public static void ensure(Connection connection, Duration window, Duration reportMemory, int replicas)
            throws IOException, JetStreamApiException {
        KeyValueManagement management = connection.keyValueManagement();
        ensure(management, tallies(window, replicas));
        ensure(management, reported(reportMemory, replicas));
    }

    private static void ensure(KeyValueManagement management, KeyValueConfiguration wanted)
            throws IOException, JetStreamApiException {
        try {
            management.getStatus(wanted.getBucketName());
            management.update(wanted);
        } catch (JetStreamApiException notFound) {
            if (notFound.getErrorCode() != 404) {
                throw notFound;
            }
            management.create(wanted);
        }
    }
}
