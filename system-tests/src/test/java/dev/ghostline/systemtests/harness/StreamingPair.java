package dev.ghostline.systemtests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Two {@link SequencedPeer}s in one match, A joined first, each streaming numbered signals at the other (100 a
 * second for 3 s) while the test breaks something at a seeded random moment; then the streams settle and are
 * checked. Every failure message carries the seed, the moment and the counts of both directions.
 */
public final class StreamingPair implements AutoCloseable {
    public static final int SIGNALS = 300;
    public static final Duration PACE = Duration.ofMillis(10);
    private static final Duration STREAM_TIME = PACE.multipliedBy(SIGNALS);
    /** The streams themselves take 3 s; the rest is a busy 2-core machine's slack. */
    private static final Duration STREAMS_PRODUCED = STREAM_TIME.plusSeconds(15);

    private final SequencedPeer a;
    private final SequencedPeer b;
    private final String matchId;
    private final long seed;
    private final Random random;
    /** Two pacers and the breaking action, so a slow kill never delays a stream. */
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3);
    private final List<CompletableFuture<Void>> streams = new ArrayList<>();
    private volatile long brokeAtMillis = -1;

    private StreamingPair(SequencedPeer a, SequencedPeer b, String matchId, long seed) {
        this.a = a;
        this.b = b;
        this.matchId = matchId;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** A joins {@code lobby} on its pod, then B on its own; both must get the same {@code matchId}. */
    public static StreamingPair open(String lobby, SequencedPeer.Mode mode, URI podOfA, URI podOfB, long seed) {
        SequencedPeer a = SequencedPeer.start("A", podOfA, mode);
        SequencedPeer b = null;
        try {
            a.join(lobby);
            b = SequencedPeer.start("B", podOfB, mode);
            b.join(lobby);
            String matchId = a.awaitMatched();
            assertThat(b.awaitMatched()).as("both sides of one match").isEqualTo(matchId);
            return new StreamingPair(a, b, matchId, seed);
        } catch (RuntimeException | Error e) {
            a.close();
            if (b != null) {
                b.close();
            }
            throw e;
        }
    }

    public SequencedPeer a() {
        return a;
    }

    public SequencedPeer b() {
        return b;
    }

    public String matchId() {
        return matchId;
    }

    public void startStreaming() {
        streams.add(a.stream(SIGNALS, PACE, scheduler));
        streams.add(b.stream(SIGNALS, PACE, scheduler));
    }

    /** Runs {@code action} at a random moment within the 3 s of streaming and returns its result once it ran. */
    public <T> T atRandomMoment(Callable<T> action) {
        long delay = random.nextLong(STREAM_TIME.toMillis());
        brokeAtMillis = delay;
        try {
            return scheduler.schedule(action, delay, TimeUnit.MILLISECONDS)
                    .get(delay + Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("breaking at " + delay + " ms failed (seed " + seed + ")", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("breaking at " + delay + " ms did not finish (seed " + seed + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until both sides have produced all {@link #SIGNALS} numbers (sent or held for a resume). */
    public void awaitStreamsProduced() {
        try {
            CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new))
                    .get(STREAMS_PRODUCED.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the streams did not finish: " + describe(SIGNALS), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until each side has received the other's number {@code last}: the streams have settled. */
    public void awaitSettled(int last, Duration timeout) {
        try {
            Awaitility.await("both sides received " + last).atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> a.received().has(last) && b.received().has(last));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not settled within " + timeout + ": " + describe(last), e);
        }
    }

    /**
     * A leaves with {@code bye}, B is told and leaves too. The {@code peer-left} comes after every signal A's
     * side relayed to B, so nothing still on its way can be missed by the checks that follow.
     */
    public void endWithBye() {
        assertThat(a.bye()).as("A's close after bye; %s", describe(SIGNALS)).isEqualTo(1000);
        assertThat(b.awaitEvent("peer-left", WsClient.DEFAULT_TIMEOUT).frame().path("reason").asText())
                .as("B is told A left").isEqualTo("bye");
        assertThat(b.bye()).as("B's close after bye").isEqualTo(1000);
    }

    /** Each side received 1..{@code last} from the other exactly once, in order, numbered 1..last, without errors. */
    public void assertEveryNumberOnceInOrder(int last) {
        String story = describe(last);
        assertThat(b.received().tally(last).everyNumberOnceInOrder()).as("A → B exactly once, in order; %s", story)
                .isTrue();
        assertThat(a.received().tally(last).everyNumberOnceInOrder()).as("B → A exactly once, in order; %s", story)
                .isTrue();
        assertThat(b.received().tally(last).seqMismatches()).as("A → B numbered 1..%d; %s", last, story).isEmpty();
        assertThat(a.received().tally(last).seqMismatches()).as("B → A numbered 1..%d; %s", last, story).isEmpty();
        assertOneMatchNoErrors(story);
    }

    /** What an unnumbered client may expect: gaps allowed, but no number twice and none out of order. */
    public void assertNothingTwiceNothingReordered(int last) {
        String story = describe(last);
        assertThat(b.received().tally(last).nothingTwiceNothingReordered()).as("A → B; %s", story).isTrue();
        assertThat(a.received().tally(last).nothingTwiceNothingReordered()).as("B → A; %s", story).isTrue();
        assertOneMatchNoErrors(story);
    }

    private void assertOneMatchNoErrors(String story) {
        assertThat(a.errorCodes()).as("A: errors; %s", story).isEmpty();
        assertThat(b.errorCodes()).as("B: errors; %s", story).isEmpty();
        Set<String> matchIds = new HashSet<>(a.matchIds());
        matchIds.addAll(b.matchIds());
        assertThat(matchIds).as("one match throughout, on both sides; %s", story).hasSize(1);
        // A passing run shows how hard it was (what the resume re-sent, when the break came) in the test report.
        System.out.println("passed: " + summary(a.produced()));
    }

    /** Seed, moment and counts: enough to understand a failure and to replay it with the same seed. */
    public String describe(int last) {
        return summary(last) + "; frames other than signals: A " + a.events() + ", B " + b.events();
    }

    private String summary(int last) {
        return "seed " + seed + ", broken at " + brokeAtMillis + " ms into the streams; A → B: "
                + b.received().tally(last) + "; B → A: " + a.received().tally(last) + "; " + a.describe() + "; "
                + b.describe();
    }

    @Override
    public void close() {
        streams.forEach(stream -> stream.cancel(false));
        scheduler.shutdownNow();
        a.close();
        b.close();
    }
}
