package dev.ghostline.moderation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.support.testing.RealNats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing of a tally outlives the window: the server itself drops every report (and the reported session id it
 * names) once it is a window old, also while newer reports of the same session keep coming. A revoked session is
 * kept longer, for its bucket's TTL (in the service: as long as a token lives), and then dropped the same way.
 * Short TTLs on a real nats-server of its own, so the other tests keep theirs.
 */
class TallyRetentionTest {
    private static final Duration WINDOW = Duration.ofSeconds(4);
    /** The server's expiry timer and this test's polling; the documented bound is the window itself. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    /** Longer than the window plus slack, so a record still held after the claim is gone is not luck. */
    private static final Duration REVOCATION_MEMORY = Duration.ofSeconds(10);
    private static final String STREAM = ModerationBuckets.streamOf(ModerationBuckets.TALLIES);
    private static final String REVOKED_STREAM = ModerationBuckets.streamOf(ModerationBuckets.REVOKED);
    @RegisterExtension
    static final RealNats NATS = new RealNats();

    @BeforeAll
    static void startNats() throws Exception {
        ModerationBuckets.ensure(NATS.connection(), WINDOW, Duration.ofHours(2), REVOCATION_MEMORY, 1);
    }

    @Test
    void aReportIsGoneFromTheServerOnceItLeavesTheWindowWhateverCameAfterIt() throws Exception {
        TallyStore store = new TallyStore(NATS.connection(), 4);
        String reported = Ids.random();
        String early = Ids.random();
        store.addReport(reported, early, ReportReason.SPAM);
        long earlyAt = System.nanoTime();
        assertThat(store.read(reported).reasons()).containsExactly(ReportReason.SPAM);

        // A later report of the same session must not carry the early one along.
        await().pollInterval(Duration.ofMillis(100)).until(() -> System.nanoTime() - earlyAt > WINDOW.toNanos() / 2);
        store.addReport(reported, Ids.random(), ReportReason.HATE);
        // Counted from the early report itself: it must be gone within the window (plus slack) of being written.
        await().atMost(untilWindowEnds(earlyAt)).pollInterval(Duration.ofMillis(100))
                .until(() -> store.read(reported).reasons().equals(List.of(ReportReason.HATE)));
        assertThat(NATS.connection().keyValue(ModerationBuckets.TALLIES).keys(reported + ".by." + early)).isEmpty();

        await().atMost(WINDOW.plus(SLACK)).pollInterval(Duration.ofMillis(100))
                .until(() -> messagesStored() == 0);
    }

    @Test
    void aClaimIsGoneAWindowAfterItsLastWrite() throws Exception {
        TallyStore store = new TallyStore(NATS.connection(), 4);
        String reported = Ids.random();
        store.markRevoked(reported);
        assertThat(store.isRevoked(reported)).isTrue();
        assertThat(store.read(reported).revoked()).isTrue();

        await().atMost(WINDOW.plus(SLACK)).pollInterval(Duration.ofMillis(100))
                .until(() -> store.read(reported).claim() == null && messagesStored() == 0);
    }

    @Test
    void aRevokedSessionIsKeptPastTheWindowAndGoneAfterItsBucketsTtl() throws Exception {
        TallyStore store = new TallyStore(NATS.connection(), 4);
        String session = Ids.random();
        store.markRevoked(session);
        long markedAt = System.nanoTime();
        assertThat(store.isRevoked(session)).isTrue();

        await().atMost(WINDOW.plus(SLACK)).pollInterval(Duration.ofMillis(100))
                .until(() -> store.read(session).claim() == null);
        assertThat(store.isRevoked(session)).as("the claim went with the window; the record stays").isTrue();

        await().atMost(REVOCATION_MEMORY.plus(SLACK).minusNanos(System.nanoTime() - markedAt))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !store.isRevoked(session) && messagesStored(REVOKED_STREAM) == 0);
    }

    /** What is left of window + slack since {@code startNanos}. */
    private static Duration untilWindowEnds(long startNanos) {
        return WINDOW.plus(SLACK).minusNanos(System.nanoTime() - startNanos);
    }

    /** Messages the tallies bucket's stream holds: expired ones are removed, not hidden. */
    private static long messagesStored() throws Exception {
        return messagesStored(STREAM);
    }

    private static long messagesStored(String stream) throws Exception {
        return NATS.connection().jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    }
}
