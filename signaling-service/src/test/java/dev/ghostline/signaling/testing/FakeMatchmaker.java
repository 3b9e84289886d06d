package dev.ghostline.signaling.testing;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.Role;
import dev.ghostline.protocol.wire.ServerMessage;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Plays the matchmaker on the real bus for a pod under test: reads the wait entries and cancels the pod
 * publishes and answers with matches, so the pod's own behaviour is what a test checks.
 *
 * <p>Waits and cancels arrive on one dispatcher, as at the real matchmaker, so they are read here in the order
 * the pod published them (NATS keeps one publisher's order). Every read takes messages off that one queue:
 * what a read skips is gone.
 */
public final class FakeMatchmaker implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final BusCodec bus = new BusCodec();
    private final Connection nats;
    private final MatchTickets tickets;
    private final Dispatcher dispatcher;
    private final BlockingQueue<BusMessage> received = new LinkedBlockingQueue<>();
    /** session:joinSeq of every join already returned: a periodic refresh repeats one and is no new join. */
    private final Set<String> joinsSeen = new HashSet<>();

    public FakeMatchmaker(Connection nats, MatchTickets tickets) throws InterruptedException {
        this.nats = nats;
        this.tickets = tickets;
        this.dispatcher = nats.createDispatcher(message -> received.add(bus.decode(message.getData())));
        dispatcher.subscribe(Subjects.MATCHMAKER_WAIT);
        dispatcher.subscribe(Subjects.MATCHMAKER_CANCEL);
        try {
            nats.flush(Duration.ofSeconds(5)); // the server has the subscriptions before the test publishes
        } catch (TimeoutException e) {
            throw new IllegalStateException("NATS did not confirm the subscriptions", e);
        }
    }

    /** Joins the random lobby "en" and returns the session id the pod announced for it. */
    public String joinAndReadSessionId(TestSocket socket) throws InterruptedException {
        return joinAndReadEntry(socket).session();
    }

    /** Joins the random lobby "en" and returns the wait entry the pod announced for it. */
    public BusMessage.WaitEntry joinAndReadEntry(TestSocket socket) throws InterruptedException {
        socket.send("{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\",\"interests\":[\"music\"]}");
        socket.await(ServerMessage.Queued.class);
        return nextWait().entries().get(0);
    }

    /**
     * The next join: a single-entry wait batch for a session and join not seen before. The pod's periodic
     * refreshes are skipped, including one that holds a single waiting session, which looks like a join.
     */
    public BusMessage.WaitBatch nextWait() throws InterruptedException {
        return (BusMessage.WaitBatch) readUntil(message -> message instanceof BusMessage.WaitBatch batch
                && batch.entries().size() == 1
                && joinsSeen.add(batch.entries().get(0).session() + ":" + batch.entries().get(0).joinSeq()),
                "a new wait entry").get(0);
    }

    /** The next cancel for {@code session}. */
    public BusMessage.CancelEntry nextCancelFor(String session) throws InterruptedException {
        BusMessage.CancelBatch batch = (BusMessage.CancelBatch) readUntil(message ->
                message instanceof BusMessage.CancelBatch cancel
                        && cancel.entries().stream().anyMatch(entry -> entry.session().equals(session)),
                "a cancel").get(0);
        return batch.entries().stream().filter(entry -> entry.session().equals(session)).findFirst().orElseThrow();
    }

    /** The next wait batch (a join or a periodic refresh) holding an entry for {@code session}. */
    public BusMessage.WaitBatch nextBatchWith(String session) throws InterruptedException {
        return (BusMessage.WaitBatch) readUntil(message -> message instanceof BusMessage.WaitBatch batch
                && entryFor(batch, session) != null, "a wait batch with the session").get(0);
    }

    /**
     * Reads until a message matches {@code until}; returns it first, followed by every message skipped on the
     * way, in order.
     */
    public List<BusMessage> readUntil(Predicate<BusMessage> until, String expectation) throws InterruptedException {
        List<BusMessage> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            BusMessage message = received.poll(100, TimeUnit.MILLISECONDS);
            if (message == null) {
                continue;
            }
            if (until.test(message)) {
                List<BusMessage> read = new ArrayList<>();
                read.add(message);
                read.addAll(skipped);
                return read;
            }
            skipped.add(message);
        }
        throw new AssertionError("no " + expectation + " on the bus within " + READ_TIMEOUT);
    }

    /** The batch's entry for {@code session}, or null. */
    public static BusMessage.WaitEntry entryFor(BusMessage.WaitBatch batch, String session) {
        return batch.entries().stream().filter(entry -> entry.session().equals(session)).findFirst().orElse(null);
    }

    /** Matches the two sessions at their first join, as the real matchmaker would. */
    public void match(String offerer, String answerer) {
        match(offerer, 1, answerer, 1);
    }

    /**
     * Matches the two sessions at the given joins: each gets its own view and the same ticket. Returns the
     * match id.
     */
    public String match(String offerer, long offererSeq, String answerer, long answererSeq) {
        return match(Ids.random(), offerer, offererSeq, answerer, answererSeq);
    }

    /**
     * {@link #match(String, long, String, long)} under a match id the test chose. Each session stands for its own
     * network, as the real matchmaker does for an entry that carries none.
     */
    public String match(String matchId, String offerer, long offererSeq, String answerer, long answererSeq) {
        String ticket = tickets.issue(matchId, offerer, answerer, offerer, answerer, Duration.ofHours(1));
        String pod = "test-pod";
        publishMatched(offerer, offererSeq,
                new BusMessage.MatchView(matchId, answerer, pod, Role.OFFERER, List.of("music"), ticket, answerer));
        publishMatched(answerer, answererSeq,
                new BusMessage.MatchView(matchId, offerer, pod, Role.ANSWERER, List.of("music"), ticket, offerer));
        return matchId;
    }

    /** What the pod of {@code from} says when it refuses match {@code matchId}: {@code from} left. */
    public void partnerLeft(String to, String from, String matchId) {
        nats.publish(Subjects.session(to), bus.encode(new BusMessage.PeerLeft(from, matchId, PeerLeftReason.LEFT)));
    }

    private void publishMatched(String session, long joinSeq, BusMessage.MatchView view) {
        nats.publish(Subjects.session(session), bus.encode(new BusMessage.Matched(session, joinSeq, view)));
    }

    @Override
    public void close() {
        nats.closeDispatcher(dispatcher);
    }
}
