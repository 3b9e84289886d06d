package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.MatchedPair;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.Relay;
import dev.ghostline.systemtests.harness.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale-down: pod A gets SIGTERM while it serves clients of three matches. Every client on it is told to
 * reconnect, resumes on pod B in its match, and no client ever sees an error; then pod A exits on its own.
 */
class DrainIT {
    private static GhostlineCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.start("DrainIT", PodSpec.named("pod-a"), PodSpec.named("pod-b"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aDrainedPodHandsEveryClientToAnotherPodWithPairsIntact() throws Exception {
        var podA = cluster.pod("pod-a").wsUri();
        var podB = cluster.pod("pod-b").wsUri();
        List<MatchedPair> pairs = List.of(MatchedPair.open("drain-1", podA, podB),
                MatchedPair.open("drain-2", podA, podA), MatchedPair.open("drain-3", podB, podA));
        List<Session> onA = List.of(pairs.get(0).first(), pairs.get(1).first(), pairs.get(1).second(),
                pairs.get(2).second());
        List<Session> resumed = new ArrayList<>();
        try {
            CompletableFuture<Void> exited = cluster.terminatePod("pod-a");
            for (Session client : onA) {
                ServerMessage.Reconnect told = client.ws().await(ServerMessage.Reconnect.class);
                assertThat(told.afterMs()).as("%s: reconnect delay within the spread", client).isBetween(0L, 3000L);
                assertThat(client.ws().awaitClose(Duration.ofSeconds(10))).as("%s: close code", client).isEqualTo(1001);
            }
            // A real client waits afterMs first; these reconnect at once, the harder case for the pod.
            for (Session client : onA) {
                Session back = Session.resume(client.name() + " resumed", podB, client.token());
                resumed.add(back);
                assertThat(back.welcome().resumed()).as("%s: resumed", back).isTrue();
                assertThat(back.awaitMatched().matchId()).isEqualTo(client.matched().matchId());
            }
            Relay.assertRelayed(resumed.get(0), pairs.get(0).second());
            Relay.assertRelayed(pairs.get(0).second(), resumed.get(0));
            Relay.assertRelayed(resumed.get(1), resumed.get(2));
            Relay.assertRelayed(resumed.get(2), resumed.get(1));
            Relay.assertRelayed(pairs.get(2).first(), resumed.get(3));
            Relay.assertRelayed(resumed.get(3), pairs.get(2).first());

            exited.get(30, TimeUnit.SECONDS);
            assertThat(cluster.pod("pod-a").process().logs()).contains("drained: 4 of 4 sessions moved");
            for (Session client : allClients(pairs, resumed)) {
                assertThat(client.ws().history()).as("%s saw no error", client).noneMatch(f -> f.contains("\"error\""));
            }
        } finally {
            resumed.forEach(Session::close);
            pairs.forEach(MatchedPair::close);
        }
    }

    private static List<Session> allClients(List<MatchedPair> pairs, List<Session> resumed) {
        List<Session> all = new ArrayList<>(resumed);
        pairs.forEach(pair -> {
            all.add(pair.first());
            all.add(pair.second());
        });
        return all;
    }
}
