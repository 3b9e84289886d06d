package dev.ghostline.signaling.session;

import static dev.ghostline.signaling.session.Pods.NETWORK_A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Numbered signals across drops and dead pods: each side ends with every signal exactly once and in order,
 * whichever pod dies and whenever, as long as one pod of the match lives. Plain JUnit over {@link Pods}.
 */
class SequenceStepsTest {
    private final Pods pods = new Pods();

    @Test
    void signalsAreNumberedPerMatchAndDirectionAndAResendIsRelayedOnce() {
        Pods.Pair pair = pods.matchedPair();
        pair.a().send(signal(1)).send(signal(2)).send(signal(2));
        pods.network.deliverAll();
        assertThat(pair.b().drain()).containsExactly(new ServerMessage.Signal(1, "{\"n\":1}"),
                new ServerMessage.Signal(2, "{\"n\":2}"));
        pair.b().send(signal(1));
        pods.network.deliverAll();
        assertThat(pair.a().next(ServerMessage.Signal.class).seq()).as("each direction from 1").isEqualTo(1);
    }

    @Test
    void aSocketThatDiedSilentlyGetsWhatItMissedOnceWhenItResumesHere() {
        Pods.Pair pair = pods.matchedPair();
        for (int n = 1; n <= 4; n++) {
            pair.b().send(signal(n));
        }
        pods.network.deliverAll();
        assertThat(pair.a().drain()).hasSize(4); // written to the socket; the client only ever read the first
        pair.a().drop();

        TestClient back = resume(pods.podA, pair.aToken(), 1);
        assertThat(back.next(ServerMessage.Welcome.class).resumed()).isTrue();
        assertThat(back.next(ServerMessage.Matched.class)).isNotNull();
        assertThat(numbers(back)).containsExactly(2L, 3L, 4L);
        pair.b().send(signal(5));
        pods.network.deliverAll();
        assertThat(numbers(back)).containsExactly(5L);
    }

    @Test
    void aClaimedSessionGetsItsPendingSignalsOnceAndWhatCameAfterTheHandover() {
        Pods.Pair pair = pods.matchedPair();
        pair.b().send(signal(1));
        pods.network.deliverAll();
        pair.a().drain();
        pair.a().drop();
        pair.b().send(signal(2));
        pods.network.deliverAll(); // kept for the detached client on pod-a

        TestClient moved = pods.podB.connect("198.51.100.1", NETWORK_A);
        moved.send(hello(pair.aToken(), 1));
        pair.b().send(signal(3)); // in flight while the claim is
        pods.network.deliverAll();
        assertThat(moved.next(ServerMessage.Welcome.class).lastSentSeq()).isZero();
        assertThat(moved.next(ServerMessage.Matched.class)).isNotNull();
        assertThat(numbers(moved)).containsExactly(2L, 3L);
    }

    @Test
    void whenTheReceiversPodIsKilledTheSendersPodReplaysWhatItKept() {
        Pods.Pair pair = pods.matchedPair();
        pair.b().send(signal(1));
        pods.network.deliverAll();
        assertThat(numbers(pair.a())).containsExactly(1L);
        TestPod podC = new TestPod("pod-c", pods.network, pods.clock);
        pods.network.kill(pods.podA.bus);
        pair.b().send(signal(2)).send(signal(3)); // lost on the bus: nobody holds the session
        pods.network.deliverAll();

        TestClient back = podC.connect("198.51.100.1", NETWORK_A);
        back.send(hello(pair.aToken(), 1));
        pods.network.deliverAll();
        assertThat(back.next(ServerMessage.Welcome.class).resumed()).isTrue();
        assertThat(back.next(ServerMessage.Matched.class)).isNotNull();
        assertThat(numbers(back)).containsExactly(2L, 3L);
        pair.b().send(signal(4));
        pods.network.deliverAll();
        assertThat(numbers(back)).containsExactly(4L);
    }

    @Test
    void whenTheSendersPodIsKilledItsClientResendsWhatDidNotArrive() {
        Pods.Pair pair = pods.matchedPair();
        pair.a().send(signal(1)).send(signal(2));
        pods.network.deliverAll();
        pair.a().send(signal(3)); // published, then lost with the pod
        TestPod podC = new TestPod("pod-c", pods.network, pods.clock);
        pods.network.take(e -> e.message() instanceof BusMessage.Relay);
        pods.network.kill(pods.podA.bus);

        TestClient back = podC.connect("198.51.100.1", NETWORK_A);
        back.send(hello(pair.aToken(), 0));
        pods.network.deliverAll();
        assertThat(back.next(ServerMessage.Welcome.class).lastSentSeq()).as("1 and 2 reached b's pod").isEqualTo(2);
        back.next(ServerMessage.Matched.class);
        back.send(signal(3)).send(signal(4));
        pods.network.deliverAll();
        assertThat(pair.b().drain()).extracting(m -> ((ServerMessage.Signal) m).payload())
                .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
    }

    @Test
    void aSignalThatOvertookAnotherWaitsWhileTheSendersPodIsAskedForTheMissingOne() {
        Pods.Pair pair = pods.matchedPair();
        pair.a().send(signal(1)).send(signal(2));
        BusMessage.Relay first = (BusMessage.Relay) pods.network.take(e -> e.message() instanceof BusMessage.Relay).message();
        pods.network.deliver(pods.network.take(e -> e.message() instanceof BusMessage.Relay));
        assertThat(pair.b().drain()).as("2 waits for 1").isEmpty();
        assertThat(pods.network.inFlight()).extracting(e -> e.message().getClass().getSimpleName())
                .containsExactly("Replay");
        pods.network.deliverAll();
        assertThat(numbers(pair.b())).as("1 from the replay, then 2").containsExactly(1L, 2L);
        pods.network.send(Subjects.session(pair.b().sessionId()), first);
        pods.network.deliverAll();
        assertThat(pair.b().drain()).as("the late original is a duplicate").isEmpty();
    }

    @Test
    void whatNobodyKeptAnyMoreIsReportedLost() {
        Pods.Pair pair = pods.matchedPair();
        pair.a().send(signal(1)).send(signal(2)).send(signal(3));
        pods.network.take(e -> e.message() instanceof BusMessage.Relay); // 1 is lost on the bus
        pods.podA.session(pair.a().sessionId()).signals().since(1, true, pods.clock.millis()); // and no longer kept
        pods.network.deliverAll();
        List<ServerMessage> got = pair.b().drain();
        assertThat(got).extracting(m -> m.getClass().getSimpleName()).containsExactly("Signal", "Signal", "Error");
        assertThat(((ServerMessage.Error) got.get(2)).code()).isEqualTo(ErrorCode.SIGNALS_LOST);
    }

    @Test
    void aClientWithoutNumbersResumesAsBefore() {
        Pods.Pair pair = pods.matchedPair();
        pair.a().drop();
        pair.b().send("{\"type\":\"signal\",\"payload\":{\"n\":1}}");
        pods.network.deliverAll();
        TestClient back = pods.podA.connect("198.51.100.1", NETWORK_A);
        assertThat(back.hello(pair.aToken()).resumed()).isTrue();
        back.next(ServerMessage.Matched.class);
        assertThat(numbers(back)).containsExactly(1L);
        assertThat(pods.network.inFlight()).as("no replay asked for").isEmpty();
    }

    @Test
    void aClientWithoutNumbersWhosePodDiedIsNeverSentASignalTwice() {
        Pods.Pair pair = pods.matchedPair();
        pair.b().send("{\"type\":\"signal\",\"payload\":{\"n\":1}}");
        pods.network.deliverAll();
        assertThat(numbers(pair.a())).containsExactly(1L);
        TestPod podC = new TestPod("pod-c", pods.network, pods.clock);
        pods.network.kill(pods.podA.bus);

        TestClient back = podC.connect("198.51.100.1", NETWORK_A);
        back.send("{\"type\":\"hello\",\"token\":\"" + pair.aToken() + "\"}");
        pods.network.deliverAll();
        back.next(ServerMessage.Welcome.class);
        back.next(ServerMessage.Matched.class);
        pair.b().send("{\"type\":\"signal\",\"payload\":{\"n\":2}}");
        pods.network.deliverAll();
        assertThat(numbers(back)).containsExactly(2L);
    }

    private TestClient resume(TestPod pod, String token, long lastSeq) {
        TestClient client = pod.connect("198.51.100.1", NETWORK_A);
        client.send(hello(token, lastSeq));
        pods.network.deliverAll();
        return client;
    }

    private static String hello(String token, long lastSeq) {
        return "{\"type\":\"hello\",\"token\":\"" + token + "\",\"lastSeq\":" + lastSeq + "}";
    }

    private static String signal(int n) {
        return "{\"type\":\"signal\",\"seq\":" + n + ",\"payload\":{\"n\":" + n + "}}";
    }

    private static List<Long> numbers(TestClient client) {
        List<Long> seqs = new ArrayList<>();
        for (ServerMessage message : client.drain()) {
            seqs.add(((ServerMessage.Signal) message).seq());
        }
        return seqs;
    }
}
