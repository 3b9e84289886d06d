package dev.ghostline.signaling.testing;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.wire.Role;
import dev.ghostline.protocol.wire.ServerMessage;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plays the matchmaker on the real bus for a pod under test: reads the wait entries the pod publishes and
 * answers with matches, so the pod's own behaviour is what a test checks.
 */
public final class FakeMatchmaker implements AutoCloseable {
    private final BusCodec bus = new BusCodec();
    private final Connection nats;
    private final MatchTickets tickets;
    private final Subscription waits;
    /** session:joinSeq of every join already returned: a periodic refresh repeats one and is no new join. */
    private final Set<String> joinsSeen = new HashSet<>();

    public FakeMatchmaker(Connection nats, MatchTickets tickets) {
        this.nats = nats;
        this.tickets = tickets;
        this.waits = nats.subscribe(Subjects.MATCHMAKER_WAIT);
    }

    /** Joins the random lobby "en" and returns the session id the pod announced for it. */
    public String joinAndReadSessionId(TestSocket socket) throws InterruptedException {
        socket.send("{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\",\"interests\":[\"music\"]}");
        socket.await(ServerMessage.Queued.class);
        return nextWait().entries().get(0).session();
    }

    /**
     * The next join: a single-entry wait batch for a session and join not seen before. The pod's periodic
     * refreshes are skipped, including one that holds a single waiting session, which looks like a join.
     */
    public BusMessage.WaitBatch nextWait() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Message message = waits.nextMessage(Duration.ofMillis(200));
            if (message != null && bus.decode(message.getData()) instanceof BusMessage.WaitBatch batch
                    && batch.entries().size() == 1) {
                BusMessage.WaitEntry entry = batch.entries().get(0);
                if (joinsSeen.add(entry.session() + ":" + entry.joinSeq())) {
                    return batch;
                }
            }
        }
        throw new AssertionError("no wait entry on the bus");
    }

    /** Matches the two sessions as the real matchmaker would: each gets its own view and the same ticket. */
    public void match(String offerer, String answerer) {
        String matchId = Ids.random();
        String ticket = tickets.issue(matchId, offerer, answerer, Duration.ofHours(1));
        String pod = "test-pod";
        publishMatched(offerer, new BusMessage.MatchView(matchId, answerer, pod, Role.OFFERER, List.of("music"), ticket));
        publishMatched(answerer, new BusMessage.MatchView(matchId, offerer, pod, Role.ANSWERER, List.of("music"), ticket));
    }

    private void publishMatched(String session, BusMessage.MatchView view) {
        nats.publish(Subjects.session(session), bus.encode(new BusMessage.Matched(session, 1, view)));
    }

    @Override
    public void close() throws InterruptedException {
        waits.unsubscribe();
    }
}
