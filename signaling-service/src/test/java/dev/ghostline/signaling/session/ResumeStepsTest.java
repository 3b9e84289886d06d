package dev.ghostline.signaling.session;

import static dev.ghostline.signaling.session.Pods.NETWORK_A;
import static dev.ghostline.signaling.session.Pods.NETWORK_B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.Role;
import dev.ghostline.protocol.wire.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session state machine when connections drop and pods hand sessions on: the drop, a resume on the same pod,
 * a claim answered by the old pod, a locate answered by the partner's pod when the old pod died, nobody
 * answering, a revocation, and the resume window running out. Plain JUnit over {@link Pods}.
 */
class ResumeStepsTest {
    private static final Duration PAST_THE_WINDOW = Duration.ofSeconds(31);
    private final Pods pods = new Pods();

    @Test
    void aDroppedWaitLeavesThePoolAndComesBackAtTheNextJoinOnResume() {
        TestClient a = pods.podA.connect("198.51.100.1", NETWORK_A);
        String issued = a.hello(null).token();
        a.join("en").next(ServerMessage.Queued.class);
        pods.network.deliverAll();
        pods.toMatchmaker();
        String id = a.sessionId();

        a.drop();
        pods.network.deliverAll();
        assertThat(pods.toMatchmaker()).singleElement().isEqualTo(new BusMessage.CancelEntry(id, 1));

        TestClient back = pods.podA.connect("198.51.100.1", NETWORK_A);
        assertThat(back.hello(issued).resumed()).isTrue();
        assertThat(back.next(ServerMessage.Queued.class)).isNotNull();
        pods.network.deliverAll();
        assertThat(pods.toMatchmaker()).singleElement().isInstanceOfSatisfying(BusMessage.WaitEntry.class,
                entry -> assertThat(entry.joinSeq()).as("a join the cancel cannot close").isEqualTo(2));
    }

    @Test
    void framesForADetachedClientAreKeptAndFollowItsResumeInOrder() {
        Pods.Pair pair = pods.matchedPair();
        TestClient a = pair.a();
        TestClient b = pair.b();
        String token = pair.aToken();
        String matchId = pair.matchId();

        a.drop();
        for (int n = 1; n <= 3; n++) {
            b.send("{\"type\":\"signal\",\"payload\":{\"n\":" + n + "}}");
        }
        pods.network.deliverAll();
        TestClient back = pods.podA.connect("198.51.100.1", NETWORK_A);
        assertThat(back.hello(token).resumed()).isTrue();
        assertThat(back.next(ServerMessage.Matched.class).matchId()).isEqualTo(matchId);
        assertThat(payloads(back)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(b.drain()).as("the partner never heard of the drop").isEmpty();
    }

    @Test
    void aResumeOnAnotherPodClaimsTheSessionWithItsMatchAndPendingFrames() {
        Pods.Pair pair = pods.matchedPair();
        TestClient a = pair.a();
        TestClient b = pair.b();
        String token = pair.aToken();
        String matchId = pair.matchId();
        String id = a.sessionId();
        a.drop();
        b.send("{\"type\":\"signal\",\"payload\":{\"while\":\"away\"}}");
        pods.network.deliverAll();

        TestClient moved = pods.podB.connect("198.51.100.1", NETWORK_A);
        moved.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        pods.network.deliverAll();
        assertThat(moved.next(ServerMessage.Welcome.class).resumed()).isTrue();
        assertThat(moved.next(ServerMessage.Matched.class).matchId()).isEqualTo(matchId);
        assertThat(payloads(moved)).containsExactly("{\"while\":\"away\"}");
        assertThat(pods.podA.session(id)).as("the old pod let go").isNull();
        assertThat(pods.podB.session(id).match().partnerPod()).isEqualTo("pod-b");

        b.send("{\"type\":\"signal\",\"payload\":{\"after\":1}}");
        assertThat(payloads(moved)).as("now on one pod: delivered without the bus").containsExactly("{\"after\":1}");
    }

    @Test
    void aClaimOfAnAttachedSessionClosesTheOldConnectionWith4009() {
        TestClient a = pods.podA.connect("198.51.100.1", NETWORK_A);
        String token = a.hello(null).token();
        TestClient elsewhere = pods.podB.connect("198.51.100.1", NETWORK_A);
        elsewhere.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        pods.network.deliverAll();
        assertThat(elsewhere.next(ServerMessage.Welcome.class).resumed()).isTrue();
        assertThat(a.closes()).containsExactly(CloseCode.SESSION_TAKEN_OVER);
    }

    @Test
    void whenTheOldPodDiedThePartnersPodAnswersForTheMatchAndLearnsTheNewPod() {
        Pods.Pair pair = pods.matchedPair();
        TestClient a = pair.a();
        TestClient b = pair.b();
        String token = pair.aToken();
        String matchId = pair.matchId();
        TestPod podC = new TestPod("pod-c", pods.network, pods.clock);
        pods.network.kill(pods.podA.bus);

        TestClient back = podC.connect("198.51.100.1", NETWORK_A);
        back.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        pods.network.deliverAll();
        assertThat(back.next(ServerMessage.Welcome.class).resumed()).isTrue();
        ServerMessage.Matched matched = back.next(ServerMessage.Matched.class);
        assertThat(matched.matchId()).isEqualTo(matchId);
        assertThat(matched.role()).as("its own side of the match").isEqualTo(Role.OFFERER);
        assertThat(pods.podB.session(b.sessionId()).match().partnerPod()).isEqualTo("pod-c");
        assertThat(podC.session(back.sessionId()).match().partnerNetwork()).isEqualTo(NETWORK_B);

        b.send("{\"type\":\"signal\",\"payload\":{\"to\":\"c\"}}");
        pods.network.deliverAll();
        assertThat(payloads(back)).containsExactly("{\"to\":\"c\"}");
    }

    @Test
    void whenNobodyHoldsTheSessionTheClientStartsAgain() {
        TestClient a = pods.podA.connect("198.51.100.1", NETWORK_A);
        String token = a.hello(null).token();
        String id = a.sessionId();
        pods.network.kill(pods.podA.bus);

        TestClient back = pods.podB.connect("198.51.100.1", NETWORK_A);
        back.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        pods.network.deliverAll();
        ServerMessage.Welcome welcome = back.next(ServerMessage.Welcome.class);
        assertThat(welcome.resumed()).isFalse();
        assertThat(back.sessionId()).isNotEqualTo(id);
    }

    @Test
    void aRevokedSessionTellsThePartnerBlocksItsAddressFirstAndClosesWith4003() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        pods.matched(a, b);
        Session session = pods.podA.session(a.sessionId());
        List<String> blocked = new ArrayList<>();

        assertThat(pods.podA.lifecycle.revoke(session, address -> {
            assertThat(a.drain()).as("blocked before the client hears of it").isEmpty();
            blocked.add(address);
        })).isTrue();
        pods.network.deliverAll();
        assertThat(blocked).containsExactly("198.51.100.1");
        assertThat(a.next(ServerMessage.Revoked.class)).isNotNull();
        assertThat(a.closes()).containsExactly(CloseCode.REVOKED);
        assertThat(b.next(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.REVOKED);
        assertThat(pods.podA.lifecycle.revoke(session, address -> blocked.add("again"))).as("once").isFalse();
    }

    @Test
    void aDetachedSessionEndsWhenTheResumeWindowPassesAndThePartnerIsTold() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        pods.matched(a, b);
        Session session = pods.podA.session(a.sessionId());
        a.drop();
        long window = Duration.ofSeconds(30).toMillis();
        pods.podA.lifecycle.expireIfAbandoned(session, pods.clock.millis(), window);
        assertThat(pods.podA.session(session.id())).as("still inside the window").isNotNull();

        pods.clock.advance(PAST_THE_WINDOW);
        pods.podA.lifecycle.expireIfAbandoned(session, pods.clock.millis(), window);
        pods.network.deliverAll();
        assertThat(pods.podA.session(session.id())).isNull();
        assertThat(b.next(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.TIMEOUT);
    }

    @Test
    void aNetworkAtItsCapIsRefusedAFreshSessionButAResumeIsTaken() {
        TestPod small = new TestPod("pod-small", pods.network, pods.clock,
                Map.of("ghostline.signaling.max-sessions-per-address", "1"));
        TestClient first = small.connect("198.51.100.9", NETWORK_A);
        first.hello(null);
        TestClient second = small.connect("198.51.100.9", NETWORK_A);
        second.send("{\"type\":\"hello\"}");
        assertThat(second.next(ServerMessage.Error.class).code())
                .isEqualTo(ErrorCode.TOO_MANY_SESSIONS);
        assertThat(second.closes()).containsExactly(CloseCode.TOO_MANY_SESSIONS);

        TestClient other = pods.podA.connect("198.51.100.9", NETWORK_A);
        String token = other.hello(null).token();
        other.drop();
        TestClient moved = small.connect("198.51.100.9", NETWORK_A);
        moved.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        pods.network.deliverAll();
        assertThat(moved.next(ServerMessage.Welcome.class).resumed()).as("a resume is never refused").isTrue();
    }

    private static List<String> payloads(TestClient client) {
        return client.drain().stream().map(message -> ((ServerMessage.Signal) message).payload()).toList();
    }
}
