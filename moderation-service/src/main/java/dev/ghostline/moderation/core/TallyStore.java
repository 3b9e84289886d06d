package dev.ghostline.moderation.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ghostline.protocol.moderation.ReportReason;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The shared tallies, the "already reported" markers and the revoked sessions, in JetStream key-value buckets.
 * <ul>
 *   <li>{@code <reported>.by.<reporterNetwork>} → reason: one key per reporting network, created at most once, so
 *   a network counts once per reported session however many sessions, matches or replicas its reports come
 *   through. The network is the keyed daily hash the ticket seals for the reporter, never shown to anyone. Never
 *   rewritten: the bucket's TTL (the window) drops each report exactly when it leaves the window, and nothing
 *   carries it further.</li>
 *   <li>{@code <reported>.revocation} → {@link Tally.Claim}, changed only by compare-and-set on its revision: two
 *   replicas that both see a threshold reached cannot both claim the revocation, so exactly one publishes.</li>
 *   <li>{@code <session>} in {@link ModerationBuckets#REVOKED}: the one record of whether a session is revoked
 *   ({@link #isRevoked}), kept as long as any of its tokens can be valid.</li>
 * </ul>
 *
 * <p>Every read is answered by the stream's leader, which has every acknowledged write: values through gets with
 * direct gets off (see {@link ModerationBuckets}), and a session's report keys through stream info filtered by
 * subject, not {@code KeyValue.keys}, whose consumer may live on a replica that has not applied the latest
 * report yet (a three-server test saw a report missing from the very next read that way).
 */
public final class TallyStore {
    /** JetStream's "wrong last sequence": someone else wrote the key (or created it) first. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    private static final byte[] MARKER = {1};
    private static final String REPORT = ".by.";
    private static final String REVOCATION = ".revocation";

    private static final String STREAM = ModerationBuckets.streamOf(ModerationBuckets.TALLIES);
    private static final String SUBJECT_PREFIX = "$KV." + ModerationBuckets.TALLIES + ".";

    private final KeyValue tallies;
    private final KeyValue reported;
    private final KeyValue revoked;
    private final JetStreamManagement streams;
    private final int maxAttempts;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final AtomicLong conflicts = new AtomicLong();

    /** The outcome of {@link #settle}: the decision taken, and the claim's revision when it was a claim. */
    public record Settlement(Tally.Decision decision, long claimRevision) {
    }

    public TallyStore(Connection connection, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ghostline.moderation.max-tally-attempts must be at least 1");
        }
        try {
            this.tallies = connection.keyValue(ModerationBuckets.TALLIES);
            this.reported = connection.keyValue(ModerationBuckets.REPORTED);
            this.revoked = connection.keyValue(ModerationBuckets.REVOKED);
            this.streams = connection.jetStreamManagement();
        } catch (IOException | IllegalStateException e) {
            throw new StoreUnavailableException(e);
        }
        this.maxAttempts = maxAttempts;
    }

    /** Records that {@code reporter} reported match {@code matchId}; false if it already had. */
    public boolean markReported(String matchId, String reporter) {
        return createOnce(reported, matchId + "." + reporter, MARKER);
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
     * Counts a report of {@code session} from {@code reporterNetwork}; false if a report from that network is
     * counted inside the window already, whichever session sent it.
     */
    public boolean addReport(String session, String reporterNetwork, ReportReason reason) {
        byte[] value = reason.code().getBytes(StandardCharsets.UTF_8);
        return createOnce(tallies, session + REPORT + reporterNetwork, value);
    }

    /**
     * True once the session's revocation is stored in the stream, for as long as a token of it can be valid: both
     * "is the reported session revoked already" and "may this reporter report" ask here.
     */
    public boolean isRevoked(String session) {
        try {
            KeyValueEntry entry = revoked.get(session);
            return entry != null && entry.getValue() != null;
        } catch (JetStreamApiException | IOException | IllegalStateException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** The session's reports inside the window and its revocation's state. */
    public Tally read(String session) {
        try {
            List<ReportReason> reasons = new ArrayList<>();
            for (String key : reportKeys(session)) {
                KeyValueEntry entry = tallies.get(key);
                if (entry != null && entry.getValue() != null) {
                    ReportReason.fromCode(new String(entry.getValue(), StandardCharsets.UTF_8)).ifPresent(reasons::add);
                }
            }
            KeyValueEntry claim = tallies.get(session + REVOCATION);
            return claim == null ? new Tally(reasons, null, 0)
                    : new Tally(reasons, decodeClaim(claim), claim.getRevision());
        } catch (JetStreamApiException | IOException | IllegalStateException e) {
            throw new StoreUnavailableException(e);
        }
    }

    /** The keys of the session's reports inside the window, from the stream leader. */
    private List<String> reportKeys(String session) throws IOException, JetStreamApiException {
        List<Subject> subjects = streams.getStreamInfo(STREAM,
                StreamInfoOptions.filterSubjects(SUBJECT_PREFIX + session + REPORT + "*")).getStreamState().getSubjects();
        List<String> keys = new ArrayList<>();
        if (subjects != null) {
            subjects.forEach(subject -> keys.add(subject.getName().substring(SUBJECT_PREFIX.length())));
        }
        return keys;
    }

    /**
     * Reads the session's tally and, when {@code decide} says {@link Tally.Step#CLAIM}, claims the revocation
     * until {@code claimUntilMillis} by compare-and-set. A lost race reads again and decides again (bounded by
     * {@code max-tally-attempts}); {@code decide} must be pure. A returned {@code CLAIM} means this caller holds
     * the claim and must publish.
     */
    public Settlement settle(String session, Function<Tally, Tally.Decision> decide, long claimUntilMillis) {
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            Tally tally = read(session);
            Tally.Decision decision = decide.apply(tally);
            if (decision.step() != Tally.Step.CLAIM) {
                return new Settlement(decision, 0);
            }
            try {
                byte[] claim = json.writeValueAsBytes(Tally.Claim.until(claimUntilMillis));
                long revision = tally.claimRevision() == 0
                        ? tallies.create(session + REVOCATION, claim)
                        : tallies.update(session + REVOCATION, claim, tally.claimRevision());
                return new Settlement(decision, revision);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw new StoreUnavailableException(e);
                }
                conflicts.incrementAndGet();
            } catch (IOException | IllegalStateException e) {
                throw new StoreUnavailableException(e);
            }
        }
        throw new StoreUnavailableException(null);
    }

    /** Gives back a claim whose publication failed, so the next report (or a retry) publishes at once. */
    public void release(String session, long claimRevision) {
        try {
            tallies.delete(session + REVOCATION, claimRevision);
        } catch (JetStreamApiException | IOException | IllegalStateException e) {
            // The claim lapses at its deadline by itself; until then reports are counted and publish nothing.
        }
    }

    /**
     * Records a revocation the stream has stored: the session joins the revoked sessions (its token may no longer
     * report, and reports of it answer "revoked"), then its claim is marked done, so no replica publishes again.
     * Call it after every publication, including a repeated one: the record then lasts from the latest.
     */
    public void markRevoked(String session) {
        try {
            revoked.put(session, MARKER);
        } catch (JetStreamApiException | IOException | IllegalStateException e) {
            // The revocation is in the stream already and holds on every pod; only "a revoked session cannot
            // report" is late. The claim is left undone on purpose: once it lapses, the next report that finds a
            // threshold reached publishes again (the same decision, which the pods apply again harmlessly) and
            // writes this record then. A moderator's revocation has no claim, so it is the next threshold, or the
            // moderator's own retry, that writes it.
            return;
        }
        try {
            tallies.put(session + REVOCATION, json.writeValueAsBytes(Tally.Claim.DONE));
        } catch (JetStreamApiException | IOException | IllegalStateException e) {
            // Reports of the session answer "revoked" from the record above and never reach the claim; one that
            // read the record just before it was written may find the claim lapsed and publish again, harmlessly.
        }
    }

    /** Compare-and-set races lost so far (each one was read again and retried). */
    public long conflicts() {
        return conflicts.get();
    }

    private static boolean createOnce(KeyValue bucket, String key, byte[] value) {
        try {
            bucket.create(key, value);
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

    private Tally.Claim decodeClaim(KeyValueEntry entry) throws IOException {
        byte[] value = entry.getValue();
        return value == null || value.length == 0 ? Tally.Claim.until(0) : json.readValue(value, Tally.Claim.class);
    }
}
