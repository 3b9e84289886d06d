package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.ClientFrames;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.ModerationApi;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.Session;
import dev.ghostline.systemtests.harness.WsClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Community moderation end to end: three different partners report one session through the moderation API;
 * the session is ended on its pod within a second, its token is refused on every pod (also on one started
 * afterwards), and its network address cannot start a new session until the block ends, and can once it has.
 */
class ModerationIT {
    private static final String REPORTED_ADDRESS = "198.51.100.77";
    /** Short, so the test can see the block end; production default is one hour. Room for booting pod-c. */
    private static final Duration BLOCK = Duration.ofSeconds(45);
    /** The last check that the block still holds, this long before it ends. */
    private static final Duration STILL_BLOCKED_BEFORE_END = Duration.ofSeconds(5);
    /**
     * Deadlines are whole epoch seconds, so a block may end up to 1 s before revocation + BLOCK; one more second
     * for the clock reads around the revocation.
     */
    private static final Duration END_MARGIN = Duration.ofSeconds(2);
    private static GhostlineCluster cluster;
    private static ModerationApi api;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.startWithModeration("ModerationIT", Map.of(),
                pod("pod-a"), pod("pod-b"));
        api = new ModerationApi(cluster);
    }

    private static PodSpec pod(String id) {
        return PodSpec.named(id).trustingLoopbackProxy()
                .with("GHOSTLINE_SIGNALING_MODERATION_BLOCK_TTL", BLOCK.toSeconds() + "s");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeReportsEndTheSessionEverywhereAndBlockItsAddressForAWhile() {
        URI podA = cluster.pod("pod-a").wsUri();
        URI podB = cluster.pod("pod-b").wsUri();
        List<Session> partners = new ArrayList<>();
        String earlierToken = endedSessionToken(podA);
        try (Session reported = Session.start("reported", podA, Map.of("X-Forwarded-For", REPORTED_ADDRESS))) {
            meetThreePartnersTwoOfWhomReport(reported, podB, partners);
            Instant revokedAt = Instant.now();
            long reportedAt = System.nanoTime();
            assertThat(api.report(partners.get(2), "harassment").field("status")).isEqualTo("revoked");

            reported.ws().await(ServerMessage.Revoked.class, Duration.ofSeconds(1));
            assertThat(reported.ws().awaitClose(Duration.ofSeconds(1))).isEqualTo(4003);
            assertThat(Duration.ofNanos(System.nanoTime() - reportedAt)).isLessThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(partners.get(2).ws().await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.REVOKED);

            // pod-a held the session and blocked its address before telling the client: refused at once.
            assertRefusedAtFirstAttempt(podA);
            assertTokenRefused(podA, reported.token());
            assertTokenRefused(podB, reported.token());
            // pod-b learns the block from the stream; once it knows it, it refuses at the first attempt too.
            awaitBlockKnown("pod-b");
            assertRefusedAtFirstAttempt(podB);
            Session.start("same pod, other address", podA, Map.of("X-Forwarded-For", "198.51.100.78")).close();
            assertEarlierTokenGivesNoFreshSession(podB, earlierToken);

            // pod-c replays the stream before it is ready, so it knows the token and the block from the start.
            URI podC = cluster.addPod(pod("pod-c")).wsUri();
            assertTokenRefused(podC, reported.token());
            assertRefusedAtFirstAttempt(podC);

            assertBlockHoldsUntilItEnds(revokedAt.plus(BLOCK), podB, podC);
        } finally {
            partners.forEach(Session::close);
        }
    }

    /** The first two report after their match; the third is still matched, so it will see the partner revoked. */
    private static void meetThreePartnersTwoOfWhomReport(Session reported, URI pod, List<Session> partners) {
        reported.join("moderation");
        for (int i = 1; i <= 3; i++) {
            Session partner = Session.start("partner-" + i, pod, Map.of("X-Forwarded-For", "198.51.100." + i));
            partners.add(partner);
            partner.join("moderation");
            assertThat(reported.awaitMatched().matchId()).isEqualTo(partner.awaitMatched().matchId());
            if (i < 3) {
                reported.send(ClientFrames.next());
                reported.ws().await(ServerMessage.Queued.class);
                assertThat(partner.ws().await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.NEXT);
                assertThat(api.report(partner, "harassment").field("status")).isEqualTo("counted");
            }
        }
    }

    private static void assertBlockHoldsUntilItEnds(Instant end, URI... pods) {
        Instant lastCheck = end.minus(STILL_BLOCKED_BEFORE_END);
        assertThat(Instant.now()).as("the checks before took too long to see the block still hold; raise BLOCK")
                .isBefore(lastCheck);
        Awaitility.await("shortly before the block ends").atMost(BLOCK).pollInterval(Duration.ofMillis(200))
                .until(() -> !Instant.now().isBefore(lastCheck));
        for (URI pod : pods) {
            assertThat(welcomedFresh(pod)).as("still blocked %s before the end on %s", STILL_BLOCKED_BEFORE_END, pod)
                    .isFalse();
        }
        Awaitility.await("the block ends").atMost(STILL_BLOCKED_BEFORE_END.plusSeconds(15))
                .pollInterval(Duration.ofMillis(250)).until(() -> welcomedFresh(pods[0]));
        assertThat(Instant.now()).as("the first welcome comes when the block ends, not before")
                .isAfterOrEqualTo(end.minus(END_MARGIN));
    }

    /** The pod's own count of blocked address hashes: the block arrived there through the stream. */
    private static void awaitBlockKnown(String podId) {
        Awaitility.await("the block reaches " + podId).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.pod(podId).gauge("ghostline_signaling_moderation_blocks") >= 1);
    }

    /** A token of an earlier session from the same address, ended with bye: still valid, nothing to resume. */
    private static String endedSessionToken(URI pod) {
        Session earlier = Session.start("earlier", pod, Map.of("X-Forwarded-For", REPORTED_ADDRESS));
        earlier.send(ClientFrames.bye());
        assertThat(earlier.ws().awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
        return earlier.token();
    }

    /** A resume that finds nothing would start a new session: from a blocked address, it must not. */
    private static void assertEarlierTokenGivesNoFreshSession(URI pod, String token) {
        try (WsClient ws = WsClient.connect(pod, Map.of("X-Forwarded-For", REPORTED_ADDRESS))) {
            ws.send(ClientFrames.hello(token));
            assertThat(ws.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.ADDRESS_BLOCKED);
            assertThat(ws.awaitClose(Duration.ofSeconds(5))).isEqualTo(4003);
        }
    }

    private static void assertTokenRefused(URI pod, String token) {
        try (WsClient ws = WsClient.connect(pod)) {
            ws.send(ClientFrames.hello(token));
            assertThat(ws.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.TOKEN_REJECTED);
            assertThat(ws.awaitClose(Duration.ofSeconds(5))).isEqualTo(4004);
        }
    }

    private static void assertRefusedAtFirstAttempt(URI pod) {
        assertThat(welcomedFresh(pod)).as("a new session from the blocked address on %s", pod).isFalse();
    }

    private static boolean welcomedFresh(URI pod) {
        try (WsClient ws = WsClient.connect(pod, Map.of("X-Forwarded-For", REPORTED_ADDRESS))) {
            ws.send(ClientFrames.hello());
            ServerMessage first = ws.await(ServerMessage.class);
            if (first instanceof ServerMessage.Error error) {
                assertThat(error.code()).isEqualTo(ErrorCode.ADDRESS_BLOCKED);
                assertThat(ws.awaitClose(Duration.ofSeconds(5))).isEqualTo(4003);
                return false;
            }
            assertThat(first).isInstanceOf(ServerMessage.Welcome.class);
            return true;
        }
    }
}
