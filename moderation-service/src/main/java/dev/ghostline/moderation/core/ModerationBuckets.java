package dev.ghostline.moderation.core;

import dev.ghostline.protocol.moderation.ModerationStream;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;

/**
 * The three JetStream key-value buckets the moderation replicas share, all in memory storage with a TTL, so
 * nothing is written to disk and nothing outlives its use. Every replica calls {@link #ensure} at start; the
 * same configuration from everyone makes the race harmless.
 *
 * <p>The buckets' streams are made here, in the key-value layout jnats reads ({@code KV_<bucket>} over
 * {@code $KV.<bucket>.>}), rather than through {@code KeyValueManagement}, for one setting: <b>direct gets are
 * off</b>. {@code KeyValueManagement} always turns them on, and a direct get may be answered by any replica of a
 * replicated stream, including one that has not applied the latest write (nats-server#4710): the report that
 * reaches a threshold could read its own tally one short and publish nothing. With direct gets off, every read
 * is answered by the stream's leader, which has every acknowledged write.
 */
public final class ModerationBuckets {
    /**
     * {@code <reported>.by.<reporterNetwork>} → reason, and {@code <reported>.revocation} → {@link Tally.Claim}.
     * See {@link TallyStore}.
     */
    public static final String TALLIES = "GL_MOD_TALLIES";
    /** {@code <matchId>.<reporterId>} → marker: this reporter already reported this match. */
    public static final String REPORTED = "GL_MOD_REPORTED";
    /** {@code <sessionId>} → marker: this session is revoked, so its token may not report anyone. */
    public static final String REVOKED = "GL_MOD_REVOKED";
    /**
     * How long a revoked session is remembered: as long as the revocation itself stays in the moderation stream,
     * which outlives any token ({@link dev.ghostline.protocol.crypto.SessionTokens#MAX_TTL}) by the clock slack
     * between the publisher and NATS. A token of the session cannot be valid after that.
     */
    public static final Duration REVOCATION_MEMORY = ModerationStream.MAX_AGE;
    /** A reason code or a claim's small JSON; the server counts the message's headers too. */
    public static final int MAX_VALUE_BYTES = 256;
    /** jnats' bound for a bucket's duplicate window: two minutes, or the TTL when shorter. */
    private static final Duration MAX_DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private ModerationBuckets() {
    }

    /** The stream behind a bucket: what jnats' {@code KeyValue} reads and writes. */
    public static String streamOf(String bucket) {
        return "KV_" + bucket;
    }

    public static StreamConfiguration tallies(Duration window, int replicas) {
        // Exactly the window: each report is its own key and is never rewritten, so it is dropped when it
        // leaves the window. A claim lives the window after its last write.
        return bucket(TALLIES, window, replicas);
    }

    public static StreamConfiguration reported(Duration reportMemory, int replicas) {
        return bucket(REPORTED, reportMemory, replicas);
    }

    public static StreamConfiguration revoked(Duration revocationMemory, int replicas) {
        // Written again by every new revocation of the session, so it lasts from the latest one, as that one's
        // message does in the moderation stream.
        return bucket(REVOKED, revocationMemory, replicas);
    }

    public static void ensure(Connection connection, Duration window, Duration reportMemory, int replicas)
            throws IOException, JetStreamApiException {
        ensure(connection, window, reportMemory, REVOCATION_MEMORY, replicas);
    }

    /** {@code revocationMemory}: {@link #REVOCATION_MEMORY} in the service; shorter only in retention tests. */
    public static void ensure(Connection connection, Duration window, Duration reportMemory, Duration revocationMemory,
                              int replicas) throws IOException, JetStreamApiException {
        JetStreamManagement management = connection.jetStreamManagement();
        ensure(management, tallies(window, replicas));
        ensure(management, reported(reportMemory, replicas));
        ensure(management, revoked(revocationMemory, replicas));
    }

    /** A key-value bucket's stream: one value per key (history 1), TTL as max age, direct gets off. */
    private static StreamConfiguration bucket(String bucket, Duration ttl, int replicas) {
        return StreamConfiguration.builder()
                .name(streamOf(bucket))
                .subjects("$KV." + bucket + ".>")
                .storageType(StorageType.Memory)
                .maxAge(ttl)
                .maxMessagesPerSubject(1)
                .maximumMessageSize(MAX_VALUE_BYTES)
                .replicas(replicas)
                .discardPolicy(DiscardPolicy.New)
                .duplicateWindow(ttl.compareTo(MAX_DUPLICATE_WINDOW) < 0 ? ttl : MAX_DUPLICATE_WINDOW)
                .allowRollup(true)
                .denyDelete(true)
                .allowDirect(false)
                .build();
    }

    private static void ensure(JetStreamManagement management, StreamConfiguration wanted)
            throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(wanted.getName());
            management.updateStream(wanted);
        } catch (JetStreamApiException notFound) {
            if (notFound.getErrorCode() != 404) {
                throw notFound;
            }
            management.addStream(wanted);
        }
    }
}
