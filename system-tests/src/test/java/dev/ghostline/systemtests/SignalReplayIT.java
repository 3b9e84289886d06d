package dev.ghostline.systemtests;

import static dev.ghostline.systemtests.harness.StreamingPair.SIGNALS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.systemtests.harness.FreezableProxy;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.SequencedPeer;
import dev.ghostline.systemtests.harness.SequencedPeer.Mode;
import dev.ghostline.systemtests.harness.SignalingPod;
import dev.ghostline.systemtests.harness.StreamingPair;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md, "Sequence numbers": after a resume a client receives every signal of its match after its
 * {@code lastSeq} exactly once, in order, and re-sends its own above the welcome's {@code lastSentSeq}, whether
 * its pod was killed, drained, or never noticed the socket die. A (first to join) starts on pod A, B on pod
 * B; both stream 300 numbered signals at each other while a pod or a socket breaks at a seeded random moment
 * ({@code -Dghostline.replay.seed} replays one). Pod C is the spare a client resumes on, already running, so
 * the time from the break to the resume is the client's alone.
 */
class SignalReplayIT {
    /** From the last resume to the last number on both sides; a resume itself takes well under a second. */
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration DROP_SEEN = Duration.ofSeconds(10);
    /** Numbers each side streams into a frozen socket before its client gives up on it. */
    private static final int INTO_THE_VOID = 20;
    private static GhostlineCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.start("SignalReplayIT", streaming("pod-a"), streaming("pod-b"), streaming("pod-c"));
    }

    /**
     * 100 signals a second each way, and a resume's re-sends in one burst, are far above what a browser needs;
     * the default rate limit would drop them, which is not what these tests are about.
     */
    private static PodSpec streaming(String id) {
        return PodSpec.named(id)
                .with("GHOSTLINE_SIGNALING_RATE_MESSAGES_PER_SECOND", "1000")
                .with("GHOSTLINE_SIGNALING_RATE_BURST", "1000")
                .with("GHOSTLINE_SIGNALING_RATE_FLOOD_THRESHOLD", "1000");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Tests kill and drain pods; each starts with all three. */
    @BeforeEach
    void allPodsUp() {
        cluster.ensurePodsRunning();
    }

    /** A → B's receiving pod dies (and B → A's sending pod): B resumes on pod C. */
    @Test
    void receiversPodKilledMidStream() {
        podKilledMidStream("replay-kill-b", "pod-b");
    }

    /** A → B's sending pod dies (and B → A's receiving pod): A resumes on pod C. */
    @Test
    void sendersPodKilledMidStream() {
        podKilledMidStream("replay-kill-a", "pod-a");
    }

    private void podKilledMidStream(String lobby, String victimPod) {
        try (StreamingPair pair = StreamingPair.open(lobby, Mode.SEQUENCED, uri("pod-a"), uri("pod-b"), seed())) {
            SequencedPeer victim = victimPod.equals("pod-a") ? pair.a() : pair.b();
            pair.startStreaming();
            pair.atRandomMoment(() -> kill(victimPod));
            assertThat(victim.awaitDrop(DROP_SEEN)).as("no close frame from a killed pod; %s", pair.describe(SIGNALS))
                    .isEqualTo(1006);
            victim.resumeOn(uri("pod-c"));
            settleAndCheck(pair);
        }
    }

    @Test
    void silentlyDeadSocketResumedOnAnotherPod() {
        silentlyDeadSocket("replay-frozen-other", "pod-b");
    }

    @Test
    void silentlyDeadSocketResumedOnTheSamePod() {
        silentlyDeadSocket("replay-frozen-same", "pod-a");
    }

    /**
     * A's path to pod A goes dead without a FIN: both sides keep streaming into it for a while (pod A writes B's
     * signals to a socket nobody reads, A's never arrive), then A's client gives up and resumes while pod A
     * still holds the old socket open.
     */
    private void silentlyDeadSocket(String lobby, String resumePod) {
        SignalingPod podA = cluster.pod("pod-a");
        try (FreezableProxy proxy = FreezableProxy.to(podA.port());
             StreamingPair pair = StreamingPair.open(lobby, Mode.SEQUENCED, proxy.wsUri(), uri("pod-b"), seed())) {
            pair.startStreaming();
            pair.atRandomMoment(() -> freeze(proxy));
            int lost = Math.min(SIGNALS, Math.max(pair.a().produced(), pair.b().produced()) + INTO_THE_VOID);
            Awaitility.await("both sides streamed into the dead socket").atMost(DROP_SEEN)
                    .until(() -> pair.a().produced() >= lost && pair.b().produced() >= lost);
            assertThat(proxy.targetClosed()).as("pod A must still hold the silent socket; %s", pair.describe(SIGNALS))
                    .isFalse();
            pair.a().resumeOn(uri(resumePod));
            settleAndCheck(pair);
        }
    }

    /** Pod A gets SIGTERM mid-stream: A is told to reconnect and resumes on pod C at once (the hard case). */
    @Test
    void drainedPodMidStream() throws Exception {
        try (StreamingPair pair = StreamingPair.open("replay-drain", Mode.SEQUENCED, uri("pod-a"), uri("pod-b"), seed())) {
            pair.startStreaming();
            CompletableFuture<Void> exited = pair.atRandomMoment(() -> cluster.terminatePod("pod-a"));
            assertThat(pair.a().awaitDrop(DROP_SEEN)).as("close after reconnect; %s", pair.describe(SIGNALS))
                    .isEqualTo(1001);
            assertThat(pair.a().awaitEvent("reconnect", Duration.ofSeconds(1)).frame().path("afterMs").asLong())
                    .as("reconnect delay within the spread").isBetween(0L, 3000L);
            pair.a().resumeOn(uri("pod-c"));
            settleAndCheck(pair);
            exited.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A client from before sequence numbers: its socket drops, pod A notices, B signals meanwhile, and the
     * resume brings the match back with exactly what was sent meanwhile: nothing it had already, nothing lost.
     */
    @Test
    void oldClientResumesAfterADroppedSocketAsBefore() {
        SignalingPod podA = cluster.pod("pod-a");
        awaitConnections(podA, 0);
        try (StreamingPair pair = StreamingPair.open("replay-old-drop", Mode.LEGACY, podA.wsUri(), uri("pod-b"), seed())) {
            SequencedPeer a = pair.a();
            SequencedPeer b = pair.b();
            exchange(a, b, 5);
            a.dropConnection();
            // Only a drop the pod has seen makes B's next signals "sent meanwhile" rather than lost on the wire.
            awaitConnections(podA, 0);
            for (int n = 6; n <= 10; n++) {
                b.sendNext();
            }
            a.resumeOn(uri("pod-b"));
            a.awaitReceived(10, SETTLE);
            assertThat(a.lastWelcome().path("lastSentSeq").asLong(0)).as("lastSentSeq of a client that sent no seq")
                    .isZero();
            assertThat(a.firstFrameOn(2)).as("matched comes first after the resumed welcome").isEqualTo("matched");
            assertThat(a.received().numbersOn(2)).as("what B sent meanwhile, once; %s", pair.describe(10))
                    .containsExactly(6, 7, 8, 9, 10);
            exchange(a, b, 5);

            pair.endWithBye();
            assertThat(a.received().tally(15).everyNumberOnceInOrder()).as("B → A; %s", pair.describe(15)).isTrue();
            assertThat(b.received().tally(10).everyNumberOnceInOrder()).as("A → B; %s", pair.describe(10)).isTrue();
            assertThat(a.matchIds()).as("A: the same match, told again on resume").containsExactly(pair.matchId(),
                    pair.matchId());
            assertThat(b.matchIds()).as("B: one match, never told of A's drop").containsExactly(pair.matchId());
        }
    }

    /** Old clients lose what a killed pod held (docs/protocol.md says so), but never get a signal twice. */
    @Test
    void oldClientsAreNeverSentASignalTwiceAfterAPodKill() {
        try (StreamingPair pair = StreamingPair.open("replay-old-kill", Mode.LEGACY, uri("pod-a"), uri("pod-b"), seed())) {
            pair.startStreaming();
            pair.atRandomMoment(() -> kill("pod-b"));
            assertThat(pair.b().awaitDrop(DROP_SEEN)).as("no close frame from a killed pod").isEqualTo(1006);
            pair.b().resumeOn(uri("pod-c"));
            pair.awaitStreamsProduced();
            // Gaps are allowed here, so the last streamed number may never come: a marker after it settles both.
            int marker = SIGNALS + 1;
            pair.a().sendNext();
            pair.b().sendNext();
            pair.awaitSettled(marker, SETTLE);
            pair.endWithBye();
            pair.assertNothingTwiceNothingReordered(marker);
        }
    }

    private static void settleAndCheck(StreamingPair pair) {
        pair.awaitSettled(SIGNALS, SETTLE);
        pair.endWithBye();
        pair.assertEveryNumberOnceInOrder(SIGNALS);
    }

    /** Each side sends {@code count} more numbers; both wait until the other's have arrived. */
    private static void exchange(SequencedPeer a, SequencedPeer b, int count) {
        int lastOfA = 0;
        int lastOfB = 0;
        for (int i = 0; i < count; i++) {
            lastOfA = a.sendNext();
            lastOfB = b.sendNext();
        }
        b.awaitReceived(lastOfA, SETTLE);
        a.awaitReceived(lastOfB, SETTLE);
    }

    private static void awaitConnections(SignalingPod pod, double open) {
        Awaitility.await(pod.id() + " holds " + open + " connections").atMost(DROP_SEEN)
                .until(() -> pod.gauge("ghostline_signaling_connections") == open);
    }

    private static Void kill(String pod) {
        cluster.killPod(pod);
        return null;
    }

    private static Void freeze(FreezableProxy proxy) {
        proxy.freeze();
        return null;
    }

    private static URI uri(String pod) {
        return cluster.pod(pod).wsUri();
    }

    /** A fresh seed per test, printed in every failure; {@code -Dghostline.replay.seed} repeats a run. */
    private static long seed() {
        return Long.getLong("ghostline.replay.seed", System.nanoTime());
    }
}
