package dev.ghostline.signaling.session;

import static dev.ghostline.signaling.session.Pods.NETWORK_A;
import static dev.ghostline.signaling.session.Pods.NETWORK_B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import org.junit.jupiter.api.Test;

/**
 * The session state machine's waits and matches, on two pods with the test as the matchmaker: plain JUnit, the
 * pods' real classes, an in-memory bus whose delivery order the test controls.
 */
class MatchStepsTest {
    private final Pods pods = new Pods();

    @Test
    void aJoinIsAnnouncedWithItsNetworkAndQueued() {
        TestClient a = pods.welcomed(pods.podA, NETWORK_A);
        a.join("en");
        assertThat(a.next(ServerMessage.Queued.class)).isEqualTo(new ServerMessage.Queued(JoinMode.RANDOM, "en"));
        pods.network.deliverAll();
        assertThat(pods.toMatchmaker()).singleElement().isInstanceOfSatisfying(BusMessage.WaitEntry.class, entry -> {
            assertThat(entry.session()).isEqualTo(a.sessionId());
            assertThat(entry.joinSeq()).isEqualTo(1);
            assertThat(entry.network()).isEqualTo(NETWORK_A);
        });
        a.join("en");
        assertThat(a.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.ALREADY_JOINED);
    }

    @Test
    void aMatchAcrossPodsRelaysSignalsBothWaysAndNotToAnyoneElse() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        String matchId = pods.matched(a, b);
        assertThat(pods.podA.session(a.sessionId()).match().matchId()).isEqualTo(matchId);

        a.send("{\"type\":\"signal\",\"payload\":{\"n\":1}}");
        pods.network.deliverAll();
        assertThat(b.next(ServerMessage.Signal.class).payload()).isEqualTo("{\"n\":1}");
        b.send("{\"type\":\"signal\",\"payload\":{\"n\":2}}");
        pods.network.deliverAll();
        assertThat(a.next(ServerMessage.Signal.class).payload()).isEqualTo("{\"n\":2}");
    }

    @Test
    void aMatchOnOnePodRelaysWithoutTheBus() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podA, NETWORK_B);
        pods.matched(a, b);
        a.send("{\"type\":\"signal\",\"payload\":{\"n\":1}}");
        assertThat(pods.network.inFlight()).as("nothing on the bus").isEmpty();
        assertThat(b.next(ServerMessage.Signal.class).payload()).isEqualTo("{\"n\":1}");
    }

    @Test
    void aSignalFromAnEarlierPartnerIsDropped() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        pods.matched(a, b);
        TestClient earlier = pods.welcomed(pods.podB, NETWORK_B);
        pods.network.send(Subjects.session(a.sessionId()), new BusMessage.Relay(earlier.sessionId(), 1, 0,
                "{\"type\":\"signal\",\"seq\":1,\"payload\":{\"stale\":true}}"));
        pods.network.deliverAll();
        assertThat(a.drain()).isEmpty();
        a.send("{\"type\":\"signal\",\"payload\":{}}");
        pods.network.send(Subjects.session(a.sessionId()), new BusMessage.Relay(b.sessionId(), 1, 0,
                "{\"type\":\"signal\",\"seq\":1,\"payload\":{\"fresh\":true}}"));
        pods.network.deliverAll();
        assertThat(a.next(ServerMessage.Signal.class).payload()).isEqualTo("{\"fresh\":true}");
    }

    @Test
    void aMatchForAJoinTheClientLeftIsRefusedAndThePartnerHearsItAtOnce() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        a.send("{\"type\":\"leave\"}");
        pods.match(a, b);
        pods.network.deliverAll();
        assertThat(a.drain()).as("a left: no match for it").isEmpty();
        assertThat(b.next(ServerMessage.Matched.class)).isNotNull();
        assertThat(b.next(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.LEFT);
        assertThat(pods.podB.session(b.sessionId()).state()).isEqualTo(Session.State.IDLE);
    }

    /** The race DroppedWaitTest found: the refusal travels on another connection and can come first. */
    @Test
    void aRefusalThatOvertakesItsMatchStillEndsTheMatchForThePartner() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        a.send("{\"type\":\"leave\"}");
        pods.match(a, b);
        pods.network.deliver(pods.network.take(e -> e.subject().equals(Subjects.session(a.sessionId()))));
        BusMessage.Matched toB = (BusMessage.Matched) pods.network
                .take(e -> e.message() instanceof BusMessage.Matched).message();
        pods.network.deliverAll(); // a's refusal reaches b first
        assertThat(b.drain()).as("nothing to say before the match").isEmpty();
        pods.network.send(Subjects.session(b.sessionId()), toB);
        pods.network.deliverAll();
        assertThat(b.next(ServerMessage.Matched.class)).isNotNull();
        assertThat(b.next(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.LEFT);
        assertThat(pods.podB.session(b.sessionId()).state()).isEqualTo(Session.State.IDLE);
    }

    @Test
    void aDuplicateMatchIsIgnored() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        pods.match(a, b);
        BusMessage.Matched again = (BusMessage.Matched) pods.network.inFlight().get(0).message();
        pods.network.deliverAll();
        pods.network.send(Subjects.session(a.sessionId()), again);
        pods.network.deliverAll();
        assertThat(a.next(ServerMessage.Matched.class)).isNotNull();
        assertThat(a.drain()).isEmpty();
        assertThat(b.next(ServerMessage.Matched.class)).isNotNull();
        assertThat(b.drain()).as("no peer-left for a duplicate").isEmpty();
    }

    @Test
    void nextEndsTheMatchRemembersThePartnerAndItsNetworkAndWaitsAgain() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        pods.matched(a, b);
        pods.toMatchmaker();
        a.send("{\"type\":\"next\"}");
        assertThat(a.next(ServerMessage.Queued.class)).isNotNull();
        pods.network.deliverAll();
        assertThat(b.next(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.NEXT);
        assertThat(pods.toMatchmaker()).singleElement().isInstanceOfSatisfying(BusMessage.WaitEntry.class, entry -> {
            assertThat(entry.joinSeq()).isEqualTo(2);
            assertThat(entry.avoid()).containsExactly(b.sessionId());
            assertThat(entry.avoidNetworks()).containsExactly(NETWORK_B);
        });
        b.send("{\"type\":\"next\"}");
        assertThat(b.next(ServerMessage.Error.class).code()).as("b is idle after peer-left").isEqualTo(ErrorCode.NOT_JOINED);
    }

    @Test
    void leaveCancelsAWaitAndEndsAMatch() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        pods.toMatchmaker();
        a.send("{\"type\":\"leave\"}");
        pods.network.deliverAll();
        assertThat(pods.toMatchmaker()).singleElement()
                .isEqualTo(new BusMessage.CancelEntry(a.sessionId(), 1));

        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        a.join("en").next(ServerMessage.Queued.class);
        pods.network.deliverAll();
        pods.matched(a, b);
        b.send("{\"type\":\"leave\"}");
        pods.network.deliverAll();
        assertThat(a.next(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.LEFT);
    }

    @Test
    void byeEndsTheSessionTellsThePartnerAndClosesWith1000() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        pods.matched(a, b);
        String id = a.sessionId();
        a.send("{\"type\":\"bye\"}");
        pods.network.deliverAll();
        assertThat(a.closes()).containsExactly(CloseCode.NORMAL);
        assertThat(pods.podA.session(id)).as("forgotten").isNull();
        assertThat(pods.podA.bus.holds(id)).isFalse();
        assertThat(b.next(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.BYE);
    }

    @Test
    void aFullRoomRefusesTheJoinWithTheTextOfTheCodeThatCame() {
        TestClient a = pods.welcomed(pods.podA, NETWORK_A);
        a.send("{\"type\":\"join\",\"mode\":\"room\",\"room\":\"" + "r".repeat(22) + "\"}");
        a.next(ServerMessage.Queued.class);
        pods.network.send(Subjects.session(a.sessionId()), new BusMessage.JoinRejected(a.sessionId(), 1, ErrorCode.ROOM_FULL));
        pods.network.send(Subjects.session(a.sessionId()), new BusMessage.JoinRejected(a.sessionId(), 1, ErrorCode.ROOM_FULL));
        pods.network.deliverAll();
        assertThat(a.next(ServerMessage.Error.class))
                .isEqualTo(new ServerMessage.Error(ErrorCode.ROOM_FULL, ErrorReply.ROOM_FULL.text()));
        assertThat(a.drain()).as("a refusal of a join that is over says nothing").isEmpty();
        assertThat(pods.podA.session(a.sessionId()).state()).isEqualTo(Session.State.IDLE);
    }

    @Test
    void aBlockedNetworkCannotJoinOrNextButKeepsItsCall() {
        TestClient a = pods.waiting(pods.podA, NETWORK_A);
        TestClient b = pods.waiting(pods.podB, NETWORK_B);
        pods.matched(a, b);
        pods.podA.gate.admitsNewMatch = false;
        a.send("{\"type\":\"next\"}");
        assertThat(a.next(ServerMessage.Error.class))
                .isEqualTo(new ServerMessage.Error(ErrorCode.ADDRESS_BLOCKED, ErrorReply.NO_NEW_MATCH.text()));
        a.send("{\"type\":\"signal\",\"payload\":{}}");
        pods.network.deliverAll();
        assertThat(b.next(ServerMessage.Signal.class)).as("the call goes on").isNotNull();
    }
}
