package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.MatchedPair;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.Relay;
import dev.ghostline.systemtests.harness.Session;
import dev.ghostline.systemtests.harness.SignalingPod;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session outlives its connection and its pod: with the token, a client resumes on any pod within the resume
 * window and finds its match going on. Pod A is where the first side of every pair lives.
 */
class ResumeIT {
    /** docs/protocol.md promises the call goes on; a user should wait seconds, not the whole resume window. */
    private static final Duration RESUME_AFTER_POD_DEATH = Duration.ofSeconds(5);
    private static GhostlineCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.start("ResumeIT", PodSpec.named("pod-a"), PodSpec.named("pod-b"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The pod-failure test kills pod A; whichever test runs next gets it back. */
    @BeforeEach
    void bothPodsUp() {
        cluster.ensurePodsRunning();
    }

    @Test
    void droppedConnectionResumesOnAnotherPodInTheSameMatch() {
        try (MatchedPair pair = MatchedPair.open("drop", cluster.pod("pod-a").wsUri(), cluster.pod("pod-b").wsUri())) {
            Session a = pair.first();
            Session b = pair.second();
            ServerMessage.Matched before = a.matched();
            a.ws().closeAbruptly();

            try (Session resumed = Session.resume("A resumed", cluster.pod("pod-b").wsUri(), a.token())) {
                assertThat(resumed.welcome().resumed()).as("welcome.resumed").isTrue();
                ServerMessage.Matched again = resumed.awaitMatched();
                assertThat(again.matchId()).isEqualTo(before.matchId());
                assertThat(again.role()).isEqualTo(before.role());
                // Strict order on B's side: the drop was not announced to B, the next frame is A's signal.
                Relay.assertRelayed(resumed, b);
                Relay.assertRelayed(b, resumed);
            }
        }
    }

    @Test
    void podKilledMidCallResumesOnTheSurvivingPodWithinFiveSeconds() {
        try (MatchedPair pair = MatchedPair.open("kill", cluster.pod("pod-a").wsUri(), cluster.pod("pod-b").wsUri())) {
            Session a = pair.first();
            Session b = pair.second();
            String matchId = a.matched().matchId();

            cluster.killPod("pod-a");
            assertThat(a.ws().awaitClose(Duration.ofSeconds(5))).as("no close frame from a killed pod").isEqualTo(1006);

            long started = System.nanoTime();
            try (Session resumed = Session.resume("A resumed", cluster.pod("pod-b").wsUri(), a.token())) {
                assertThat(resumed.welcome().resumed()).as("welcome.resumed").isTrue();
                Duration left = RESUME_AFTER_POD_DEATH.minusNanos(System.nanoTime() - started);
                ServerMessage.Matched again = resumed.ws().await(ServerMessage.Matched.class, positive(left));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThanOrEqualTo(RESUME_AFTER_POD_DEATH);
                assertThat(again.matchId()).isEqualTo(matchId);
                Relay.assertRelayed(resumed, b);
                Relay.assertRelayed(b, resumed);
            }
        }
    }

    /**
     * The bug this guards against: a tab closed while waiting stayed offered for the whole resume window, and
     * the next stranger was matched with nobody. Now the dropped wait leaves the pool at once and comes back
     * when its client resumes.
     */
    @Test
    void aWaitingClientThatDropsIsMatchedWithNobodyUntilItResumes() {
        String lobby = "resume-it-ghost";
        SignalingPod podA = cluster.pod("pod-a");
        try (Session a = Session.start("A", podA.wsUri())) {
            a.join(lobby);
            double awayBefore = podA.gauge("ghostline_signaling_sessions_waiting_away");
            a.ws().closeAbruptly();
            // The pod publishes the cancel under the session's lock before the gauge can count the drop; B's
            // join, published by the same pod later, reaches the matchmaker after it.
            Awaitility.await("pod A has seen the drop").atMost(Duration.ofSeconds(10))
                    .until(() -> podA.gauge("ghostline_signaling_sessions_waiting_away") > awayBefore);

            try (Session b = Session.start("B", podA.wsUri()); Session c = Session.start("C", cluster.pod("pod-b").wsUri())) {
                b.join(lobby);
                c.join(lobby);
                assertThat(b.awaitMatched().matchId()).as("B meets C, who is there, not A, who left")
                        .isEqualTo(c.awaitMatched().matchId());
            }

            try (Session resumed = Session.resume("A resumed", cluster.pod("pod-b").wsUri(), a.token());
                 Session d = Session.start("D", podA.wsUri())) {
                assertThat(resumed.welcome().resumed()).as("welcome.resumed").isTrue();
                assertThat(resumed.ws().await(ServerMessage.Queued.class).lobby()).as("still waiting").isEqualTo(lobby);
                d.join(lobby);
                assertThat(d.awaitMatched().matchId()).as("back in the pool once resumed")
                        .isEqualTo(resumed.awaitMatched().matchId());
            }
        }
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
