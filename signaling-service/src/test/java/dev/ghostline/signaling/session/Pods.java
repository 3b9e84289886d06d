package dev.ghostline.signaling.session;

import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.wire.Role;
import dev.ghostline.protocol.wire.ServerMessage;
import java.util.List;

/**
 * Two test pods on one {@link FakeNetwork}, and the test in the matchmaker's place: it reads the waits the pods
 * announce and sends the matches it decides.
 */
final class Pods {
    static final String NETWORK_A = "0a".repeat(16);
    static final String NETWORK_B = "0b".repeat(16);

    final TestClock clock = new TestClock();
    final FakeNetwork network = new FakeNetwork();
    final TestPod podA = new TestPod("pod-a", network, clock);
    final TestPod podB = new TestPod("pod-b", network, clock);

    /** A welcomed client of {@code pod}. */
    TestClient welcomed(TestPod pod, String network) {
        TestClient client = pod.connect("198.51.100.1", network);
        client.hello(null);
        return client;
    }

    /** A welcomed client that joined lobby "en" and was queued; its wait is delivered to the matchmaker. */
    TestClient waiting(TestPod pod, String network) {
        TestClient client = welcomed(pod, network);
        client.join("en").next(ServerMessage.Queued.class);
        this.network.deliverAll();
        return client;
    }

    /** The matchmaker pairs the two at their current joins; the messages are in flight, not delivered. */
    String match(TestClient offerer, TestClient answerer) {
        String matchId = Ids.random();
        send(offerer, answerer, matchId, Role.OFFERER);
        send(answerer, offerer, matchId, Role.ANSWERER);
        return matchId;
    }

    private void send(TestClient to, TestClient partner, String matchId, Role role) {
        Session session = to.connection.session();
        BusMessage.MatchView view = new BusMessage.MatchView(matchId, partner.sessionId(), partner.pod.id, role,
                List.of(), "ticket-" + matchId, partner.connection.network());
        network.send(Subjects.session(session.id()), new BusMessage.Matched(session.id(), session.joinSeq(), view));
    }

    /** Matches the two and delivers everything: both are matched. */
    String matched(TestClient offerer, TestClient answerer) {
        String matchId = match(offerer, answerer);
        network.deliverAll();
        offerer.next(ServerMessage.Matched.class);
        answerer.next(ServerMessage.Matched.class);
        return matchId;
    }

    /** A on pod-a, with the token of its session kept, and B on pod-b, matched. */
    record Pair(TestClient a, String aToken, TestClient b, String matchId) {
    }

    Pair matchedPair() {
        TestClient a = podA.connect("198.51.100.1", NETWORK_A);
        String token = a.hello(null).token();
        a.join("en").next(ServerMessage.Queued.class);
        TestClient b = waiting(podB, NETWORK_B);
        network.deliverAll();
        return new Pair(a, token, b, matched(a, b));
    }

    /** The waits and cancels the pods sent the matchmaker since the last call, entries only. */
    List<Object> toMatchmaker() {
        return network.drainMatchmaker().stream().<Object>flatMap(message -> {
            if (message instanceof BusMessage.WaitBatch batch) {
                return batch.entries().stream();
            }
            return ((BusMessage.CancelBatch) message).entries().stream();
        }).toList();
    }
}
