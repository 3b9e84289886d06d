package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.MatchedPair;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.Relay;
import dev.ghostline.systemtests.harness.Session;
import java.time.Duration;
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

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
