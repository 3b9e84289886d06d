package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.Session;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The matchmaker holds only soft state: pods re-announce waiting sessions, so a restarted matchmaker rebuilds
 * its pool and a session that waited across the restart is matched without doing anything.
 */
class MatchmakerRestartIT {
    /** A few refresh intervals (2 s by default) plus a cold JVM's first match on a busy machine. */
    private static final Duration REBUILT_POOL = Duration.ofSeconds(30);
    private static GhostlineCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.start("MatchmakerRestartIT", PodSpec.named("pod-a"), PodSpec.named("pod-b"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void waitingSessionIsMatchedAfterTheMatchmakerRestarts() {
        try (Session a = Session.start("A", cluster.pod("pod-a").wsUri());
             Session b = Session.start("B", cluster.pod("pod-b").wsUri())) {
            a.join("x");
            long firstMatchmaker = cluster.matchmaker().pid();
            cluster.restartMatchmaker();
            assertThat(cluster.matchmaker().pid()).as("a new matchmaker process").isNotEqualTo(firstMatchmaker);

            b.join("x");
            ServerMessage.Matched matchA = a.ws().await(ServerMessage.Matched.class, REBUILT_POOL);
            ServerMessage.Matched matchB = b.ws().await(ServerMessage.Matched.class, REBUILT_POOL);
            assertThat(matchB.matchId()).isEqualTo(matchA.matchId());
            assertThat(matchA.role()).isNotEqualTo(matchB.role());
        }
    }
}
