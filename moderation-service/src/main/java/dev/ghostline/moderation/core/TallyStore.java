package dev.ghostline.moderation.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.io.IOException;
import java.util.function.Function;

/**
 * The shared tallies and the "already reported" markers, in JetStream key-value buckets. Tallies change only by
 * compare-and-set on the entry's revision: two replicas updating the same session at once cannot both win,
 * the loser reads again and re-applies its change, so every report is counted exactly once and exactly one
 * writer sees {@link Tally.Effect#REVOKES}.
 */
public final class TallyStore {
    /** JetStream's "wrong last sequence": someone else wrote the key (or created it) first. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    private static final byte[] MARKER = {1};

    private final KeyValue tallies;
    private final KeyValue reported;
    private final int maxAttempts;
    private final ObjectMapper json = JsonMapper.builder().build();

    public TallyStore(Connection connection, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ghostline.moderation.max-tally-attempts must be at least 1");
        }
        try {
            this.tallies = connection.keyValue(ModerationBuckets.TALLIES);
            this.reported = connection.keyValue(ModerationBuckets.REPORTED);
        } catch (IOException | IllegalStateException e) {
            throw new StoreUnavailableException(e);
        }
        this.maxAttempts = maxAttempts;
    }

    /** Records that {@code reporter} reported match {@code matchId}; false if it already had. */
    public boolean markReported(String matchId, String reporter) {
        try {
            reported.create(matchId + "." + reporter, MARKER);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw new StoreUnavailableException(e);
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: jnats' answer on a closed connection.
            throw new StoreUnavailableException(e);
        }
    }

    /** Takes back a marker whose report could not be tallied, so the reporter may try again. */
    public void unmarkReported(String matchId, String reporter) {
        try {
            reported.delete(matchId + "." + reporter);
        } catch (JetStreamApiException | IOException | IllegalStateException e) {
            // The marker expires with the bucket's TTL; the retry answers "duplicate" until then.
        }
    }

    /**
     * Applies {@code change} to the session's tally until a compare-and-set write succeeds (or there is nothing
     * to write). The change function may run several times; it must be pure.
     */
    public Tally.Change update(String sessionId, Function<Tally, Tally.Change> change) {
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            try {
                KeyValueEntry entry = tallies.get(sessionId);
                boolean live = entry != null && entry.getOperation() == KeyValueOperation.PUT;
                Tally.Change result = change.apply(live ? decode(entry.getValue()) : Tally.EMPTY);
                if (result.next() == null) {
                    return result;
                }
                byte[] body = json.writeValueAsBytes(result.next());
                if (entry == null) {
                    tallies.create(sessionId, body);
                } else {
                    tallies.update(sessionId, body, entry.getRevision());
                }
                return result;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw new StoreUnavailableException(e);
                }
            } catch (IOException | IllegalStateException e) {
                throw new StoreUnavailableException(e);
            }
        }
        throw new StoreUnavailableException(null);
    }

    /** Clears the revoked flag a failed publication left behind, so the next report can try again. */
    public void undoRevocation(String sessionId) {
        try {
            update(sessionId, Tally::unrevoke);
        } catch (StoreUnavailableException e) {
            // The tally expires with the bucket's TTL; until then reports of this session answer "revoked".
        }
    }

    private Tally decode(byte[] value) throws IOException {
        return value == null || value.length == 0 ? Tally.EMPTY : json.readValue(value, Tally.class);
    }
}
