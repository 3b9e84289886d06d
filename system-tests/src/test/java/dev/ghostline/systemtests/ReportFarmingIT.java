package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.ClientFrames;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.ModerationApi;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.Session;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report-farming attack of issue 13, tried as the attacker tried it: one person opens four tabs from one
 * address and wants a chosen stranger revoked with {@code minor-safety} (threshold 2). Matching no longer hands
 * the victim to the attacker's network twice, and where the test gets the tabs to meet the victim anyway
 * (through private rooms, the one way around matching, whose codes the victim would have to share), the reports
 * of one network count once. Reporters on a second network still revoke, as before, and the revoked session
 * cannot report in turn.
 */
class ReportFarmingIT {
    private static final String ATTACKER = "198.51.100.200";
    private static final String VICTIM = "198.51.100.201";
    private static final String HONEST = "198.51.100.202";
    private static final String SECOND_NETWORK = "198.51.100.203";
    private static final String LOBBY = "farm";
    private static GhostlineCluster cluster;
    private static ModerationApi api;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.startWithModeration("ReportFarmingIT", Map.of(),
                PodSpec.named("pod-a").trustingLoopbackProxy(), PodSpec.named("pod-b").trustingLoopbackProxy());
        api = new ModerationApi(cluster);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fourTabsOfOneNetworkCountAsOneReporterAndASecondNetworkRevokes() {
        URI podA = cluster.pod("pod-a").wsUri();
        URI podB = cluster.pod("pod-b").wsUri();
        List<Session> sessions = new ArrayList<>();
        try {
            Session victim = open(sessions, "victim", podA, VICTIM);
            List<Session> tabs = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                tabs.add(open(sessions, "tab-" + i, i % 2 == 0 ? podA : podB, ATTACKER));
            }

            victim.join(LOBBY);
            Session first = tabs.get(0);
            first.join(LOBBY);
            assertThat(first.awaitMatched().matchId()).isEqualTo(victim.awaitMatched().matchId());
            assertThat(api.report(first, "minor-safety").field("status")).isEqualTo("counted");
            leave(first, victim);

            assertTheVictimMeetsAnHonestStrangerNotASecondTab(victim, tabs.get(1), podB, sessions);

            for (int i = 1; i < tabs.size(); i++) {
                Session tab = tabs.get(i);
                meetInRoom(victim, tab, "FarmingRoomOfTheAttacker" + i);
                assertThat(api.report(tab, "minor-safety").field("status"))
                        .as("%s: another tab of the same network", tab).isEqualTo("duplicate");
                leave(tab, victim);
            }
            victim.send(ClientFrames.joinRandom(LOBBY));
            assertThat(victim.ws().await(ServerMessage.Queued.class).mode()).as("not revoked").isEqualTo(JoinMode.RANDOM);
            victim.send(ClientFrames.leave());

            Session secondNetwork = open(sessions, "second network", podB, SECOND_NETWORK);
            meetInRoom(victim, secondNetwork, "FarmingRoomOfAnotherNetwork");
            assertThat(api.report(secondNetwork, "minor-safety").field("status")).isEqualTo("revoked");
            victim.ws().await(ServerMessage.Revoked.class, Duration.ofSeconds(5));
            assertThat(victim.ws().awaitClose(Duration.ofSeconds(5))).isEqualTo(4003);

            ModerationApi.Answer revenge = api.report(victim, "harassment");
            assertThat(revenge.status()).as("a revoked session's report").isEqualTo(403);
            assertThat(revenge.field("error")).isEqualTo("token-rejected");
        } finally {
            sessions.forEach(Session::close);
        }
    }

    /**
     * The victim waits again after meeting tab 1; a second tab joins and is not matched with it (the victim's
     * wait carries tab 1's network); an honest stranger who joins next is matched with the victim, the older
     * of the two waiting. So the tab is still waiting, and leaves.
     */
    private static void assertTheVictimMeetsAnHonestStrangerNotASecondTab(Session victim, Session tab, URI pod,
                                                                          List<Session> sessions) {
        victim.join(LOBBY);
        tab.join(LOBBY);
        Session honest = open(sessions, "honest", pod, HONEST);
        honest.join(LOBBY);
        assertThat(victim.awaitMatched().matchId()).isEqualTo(honest.awaitMatched().matchId());
        tab.send(ClientFrames.leave());
        leave(honest, victim);
    }

    private static void meetInRoom(Session victim, Session other, String room) {
        victim.send(ClientFrames.joinRoom(room));
        victim.ws().await(ServerMessage.Queued.class);
        other.send(ClientFrames.joinRoom(room));
        other.ws().await(ServerMessage.Queued.class);
        assertThat(other.awaitMatched().matchId()).isEqualTo(victim.awaitMatched().matchId());
    }

    /** {@code leaving} ends the match; {@code partner} hears it and is idle again. */
    private static void leave(Session leaving, Session partner) {
        leaving.send(ClientFrames.leave());
        assertThat(partner.ws().await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.LEFT);
    }

    private static Session open(List<Session> sessions, String name, URI pod, String address) {
        Session session = Session.start(name, pod, Map.of("X-Forwarded-For", address));
        sessions.add(session);
        return session;
    }
}
