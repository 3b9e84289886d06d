package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.Role;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.ClientFrames;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.MatchedPair;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.Relay;
import dev.ghostline.systemtests.harness.Session;
import java.net.URI;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Matching, relaying, next, leave and bye across two pods with default limits. Each test uses its own lobby. */
class MatchAndRelayIT {
    private static final String OFFER =
            "{\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4611 2 IN IP4 0.0.0.0\\r\\n\"}}";
    /** Spacing, a float with a trailing zero and null: a re-encoding relay would change this text. */
    private static final String ANSWER =
            "{\"sdp\": {\"type\": \"answer\", \"sdp\": \"v=0\\r\\n\"}, \"n\": [1, 2.50, true, null]}";

    private static GhostlineCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.start("MatchAndRelayIT", PodSpec.named("pod-a"), PodSpec.named("pod-b"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static URI podA() {
        return cluster.pod("pod-a").wsUri();
    }

    private static URI podB() {
        return cluster.pod("pod-b").wsUri();
    }

    @Test
    void strangersOnTwoPodsAreMatchedAndRelayEachOtherVerbatim() {
        try (Session a = Session.start("A", podA()); Session b = Session.start("B", podB())) {
            assertDefaultWelcome(a.welcome());
            assertDefaultWelcome(b.welcome());
            assertThat(a.token()).isNotEqualTo(b.token());

            assertThat(a.join("en", "Chess", "music").lobby()).isEqualTo("en");
            // Lobby and interests are trimmed and lower-cased before matching.
            assertThat(b.join(" En ", "chess ", "go").lobby()).isEqualTo("en");
            ServerMessage.Matched matchA = a.awaitMatched();
            ServerMessage.Matched matchB = b.awaitMatched();

            assertThat(matchB.matchId()).isEqualTo(matchA.matchId());
            assertThat(matchA.role()).as("the older waiter offers").isEqualTo(Role.OFFERER);
            assertThat(matchB.role()).isEqualTo(Role.ANSWERER);
            assertThat(matchA.commonInterests()).containsExactly("chess");
            assertThat(matchB.commonInterests()).containsExactly("chess");

            Relay.assertRelayed(a, b, OFFER);
            Relay.assertRelayed(b, a, ANSWER);
            Relay.assertRelayed(a, b);
            Relay.assertRelayed(b, a);
        }
    }

    private static void assertDefaultWelcome(ServerMessage.Welcome welcome) {
        assertThat(welcome.resumed()).isFalse();
        assertThat(welcome.token()).matches("[A-Za-z0-9_-]{16,256}");
        assertThat(welcome.iceServers()).isNotNull();
        assertThat(welcome.limits()).isEqualTo(new ServerMessage.Limits(32768, 16384, 20, 60, 30, 10));
    }

    @Test
    void nextGivesANewPartnerAndNeverARecentOne() {
        try (Session a = Session.start("A", podA()); Session b = Session.start("B", podB());
             Session c = Session.start("C", podB()); Session d = Session.start("D", podA())) {
            a.join("next");
            b.join("next");
            String firstMatch = a.awaitMatched().matchId();
            assertThat(b.awaitMatched().matchId()).isEqualTo(firstMatch);
            c.join("next");

            a.send(ClientFrames.next());
            assertThat(b.ws().await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.NEXT);
            a.ws().await(ServerMessage.Queued.class);
            String secondMatch = a.awaitMatched().matchId();
            assertThat(c.awaitMatched().matchId()).isEqualTo(secondMatch).isNotEqualTo(firstMatch);

            // A leaves C; A and B now both wait in the same lobby but were partners: they must never meet.
            b.join("next");
            a.send(ClientFrames.next());
            assertThat(c.ws().await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.NEXT);
            a.ws().await(ServerMessage.Queued.class);
            a.ws().assertNothingReceivedFor(Duration.ofSeconds(3));
            assertThat(b.ws().unread()).as("B waits, unmatched").isEmpty();

            // Both are still matchable: a newcomer is paired with one of them.
            d.join("next");
            String thirdMatch = d.awaitMatched().matchId();
            Awaitility.await("A or B matched with D")
                    .until(() -> a.ws().hasUnread() || b.ws().hasUnread());
            Session partner = a.ws().hasUnread() ? a : b;
            assertThat(partner.awaitMatched().matchId()).isEqualTo(thirdMatch);
        }
    }

    @Test
    void leaveEndsTheMatchButKeepsTheSession() {
        try (MatchedPair pair = MatchedPair.open("leave", podA(), podB())) {
            pair.first().send(ClientFrames.leave());
            ServerMessage.PeerLeft left = pair.second().ws().await(ServerMessage.PeerLeft.class);
            assertThat(left.reason()).isEqualTo(PeerLeftReason.LEFT);

            pair.first().send(ClientFrames.signal("{\"late\":true}"));
            assertThat(pair.first().ws().await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.NOT_MATCHED);
            assertThat(pair.first().join("leave-again").lobby()).as("the session may join again")
                    .isEqualTo("leave-again");
        }
    }

    @Test
    void byeEndsTheSessionAndClosesWith1000() {
        try (MatchedPair pair = MatchedPair.open("bye", podA(), podB())) {
            pair.first().send(ClientFrames.bye());
            ServerMessage.PeerLeft left = pair.second().ws().await(ServerMessage.PeerLeft.class);
            assertThat(left.reason()).isEqualTo(PeerLeftReason.BYE);
            assertThat(pair.first().ws().awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
            assertThat(pair.first().ws().unread()).as("nothing after bye but the close").isEmpty();
        }
    }
}
