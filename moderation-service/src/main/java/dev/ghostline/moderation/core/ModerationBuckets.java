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
    /** Reported session id → {@link Tally}. */
    public static final String TALLIES = "GL_MOD_TALLIES";
    /** {@code <matchId>.<reporterId>} → marker: this reporter already reported this match. */
    public static final String REPORTED = "GL_MOD_REPORTED";
    /**
     * A tally holds at most {@link ThresholdRule#MAX_THRESHOLD} entries of about 100 bytes; the server counts
     * the message's headers too.
     */
    private static final int MAX_VALUE_BYTES = 8 * 1024;
    /** A tally lives this long after its last write beyond the window, so a slow write never loses one. */
    private static final Duration TALLY_MARGIN = Duration.ofMinutes(1);

    private ModerationBuckets() {
    }

    public static KeyValueConfiguration tallies(Duration window, int replicas) {
        return KeyValueConfiguration.builder()
                .name(TALLIES)
                .storageType(StorageType.Memory)
                .ttl(window.plus(TALLY_MARGIN))
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
                .maximumValueSize(256)
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
