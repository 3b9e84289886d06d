package dev.ghostline.systemtests.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A client written from docs/protocol.md's "Sequence numbers": it numbers its signals (payload {@code {"n":N}},
 * {@code seq} N), records every signal it receives, and on a resume says {@code lastSeq}, reads
 * {@code lastSentSeq} from the {@code welcome} and re-sends its own signals above it. In {@link Mode#LEGACY} it
 * is a client from before sequence numbers: no {@code seq}, no {@code lastSeq}, no re-sending.
 *
 * <p>Frames are read as raw JSON, not through the protocol module's records, so the client depends only on
 * the document. One reader thread per connection records what arrives; the test decides when a connection
 * is given up and where the session resumes.
 */
public final class SequencedPeer implements AutoCloseable {
    public enum Mode { SEQUENCED, LEGACY }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    /** A frame other than a signal, with the connection it came on (counted from 1). */
    public record Event(int connection, String type, JsonNode frame) {
        @Override
        public String toString() {
            return connection + ":" + frame;
        }
    }

    private final String name;
    private final Mode mode;
    private final String token;
    private final SignalLog received = new SignalLog();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> resumes = new CopyOnWriteArrayList<>();
    private final Map<Integer, String> firstFrames = new ConcurrentHashMap<>();
    /** Guards what the pacer and a resume both touch, so a re-send never interleaves with a live send. */
    private final Object sending = new Object();
    private int generated;
    private int resent;
    private boolean attached;
    private int connections;
    private Link link;
    private volatile JsonNode lastWelcome;

    private SequencedPeer(String name, Mode mode, String token) {
        this.name = name;
        this.mode = mode;
        this.token = token;
    }

    /** Connects and says hello without a token: a new session. */
    public static SequencedPeer start(String name, URI pod, Mode mode) {
        WsClient ws = WsClient.connect(pod);
        ws.send(ClientFrames.hello());
        JsonNode welcome = awaitWelcome(name, ws);
        if (welcome.path("resumed").asBoolean(true)) {
            ws.close();
            throw new AssertionError(name + ": a hello without a token must start a new session: " + welcome);
        }
        SequencedPeer peer = new SequencedPeer(name, mode, welcome.path("token").asText());
        peer.lastWelcome = welcome;
        peer.attach(ws);
        return peer;
    }

    /** Joins a random-mode lobby and waits for {@code queued}. */
    public void join(String lobby) {
        current().send(ClientFrames.joinRandom(lobby));
        awaitEvent("queued", WsClient.DEFAULT_TIMEOUT);
    }

    /** The match id of the first {@code matched}. */
    public String awaitMatched() {
        return awaitEvent("matched", WsClient.DEFAULT_TIMEOUT).frame().path("matchId").asText();
    }

    /**
     * Sends the next number every {@code period} until {@code count} have been produced. Numbers produced while
     * no connection is attached are not sent then; a sequenced client re-sends them on resume.
     */
    public CompletableFuture<Void> stream(int count, Duration period, ScheduledExecutorService scheduler) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> {
            if (done.isDone()) {
                return;
            }
            try {
                if (sendNext() >= count) {
                    done.complete(null);
                }
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        done.whenComplete((ok, failure) -> task.cancel(false));
        return done;
    }

    /** Produces the next number and sends it if a connection is attached; returns the number. */
    public int sendNext() {
        synchronized (sending) {
            int n = ++generated;
            if (attached && !link.ws.trySend(signal(n))) {
                // Broken under us: the rest waits for the resume, as a browser's would.
                attached = false;
            }
            return n;
        }
    }

    /** The close code of the current connection once the server or the network ends it. */
    public int awaitDrop(Duration timeout) {
        return current().awaitClose(timeout);
    }

    /**
     * Gives up the current connection (without a close frame, as a client whose network vanished) and resumes
     * the session on {@code pod}. A sequenced client says {@code lastSeq} and re-sends every signal above the
     * welcome's {@code lastSentSeq} before any new one. Returns that {@code lastSentSeq} (0 for a legacy client).
     */
    public long resumeOn(URI pod) {
        detach();
        long started = System.nanoTime();
        long lastSeq = received.lastSeq();
        WsClient ws = WsClient.connect(pod);
        try {
            ws.send(mode == Mode.SEQUENCED ? ClientFrames.hello(token, lastSeq) : ClientFrames.hello(token));
            JsonNode welcome = awaitWelcome(name, ws);
            lastWelcome = welcome;
            String took = " (welcome after " + (System.nanoTime() - started) / 1_000_000 + " ms)";
            if (!welcome.path("resumed").asBoolean(false)) {
                throw new AssertionError(name + ": resume on " + pod + " with lastSeq " + lastSeq + " not resumed: "
                        + welcome);
            }
            if (mode == Mode.LEGACY) {
                attach(ws);
                resumes.add("resumed on " + pod + " without lastSeq" + took);
                return 0;
            }
            if (!welcome.path("lastSentSeq").canConvertToLong()) {
                throw new AssertionError(name + ": a welcome resumed into a match must say lastSentSeq: " + welcome);
            }
            return resendAndAttach(ws, welcome.get("lastSentSeq").asLong(), lastSeq, pod + took);
        } catch (RuntimeException | Error e) {
            ws.close();
            throw e;
        }
    }

    private long resendAndAttach(WsClient ws, long lastSentSeq, long lastSeq, String where) {
        synchronized (sending) {
            if (lastSentSeq < 0 || lastSentSeq > generated) {
                throw new AssertionError(name + ": lastSentSeq " + lastSentSeq + " but only " + generated
                        + " signals were ever sent");
            }
            int before = resent;
            for (long n = lastSentSeq + 1; n <= generated; n++) {
                if (!ws.trySend(signal((int) n))) {
                    throw new AssertionError(name + ": the resumed connection broke while re-sending " + n);
                }
                resent++;
            }
            resumes.add("resumed on " + where + " with lastSeq " + lastSeq + ": lastSentSeq " + lastSentSeq
                    + " of " + generated + " produced, re-sent " + (resent - before));
            attach(ws);
        }
        return lastSentSeq;
    }

    /** Waits until the partner's number {@code n} has arrived. */
    public void awaitReceived(int n, Duration timeout) {
        try {
            Awaitility.await(name + " receives " + n).atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> received.has(n));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + ": no " + n + " within " + timeout + "; received (connection, seq, n) "
                    + received.entries() + "; " + describe() + "; other frames " + events, e);
        }
    }

    /** Waits for a frame of {@code type} (not a signal) on any connection. */
    public Event awaitEvent(String type, Duration timeout) {
        try {
            return Awaitility.await(name + " gets " + type).atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> events.stream().filter(e -> e.type().equals(type)).findFirst().orElse(null),
                            event -> event != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + ": no " + type + " within " + timeout + "; frames: " + events, e);
        }
    }

    /** Ends the session with {@code bye}; returns the close code, which docs/protocol.md says is 1000. */
    public int bye() {
        WsClient ws;
        synchronized (sending) {
            ws = current();
            attached = false;
        }
        ws.send(ClientFrames.bye());
        return ws.awaitClose(WsClient.DEFAULT_TIMEOUT);
    }

    public String name() {
        return name;
    }

    public SignalLog received() {
        return received;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Every {@code error} frame's code, in order. */
    public List<String> errorCodes() {
        return events.stream().filter(e -> e.type().equals("error")).map(e -> e.frame().path("code").asText())
                .toList();
    }

    /** The match id of every {@code matched}, in order; a resume repeats the first. */
    public List<String> matchIds() {
        return events.stream().filter(e -> e.type().equals("matched")).map(e -> e.frame().path("matchId").asText())
                .toList();
    }

    /** The type of the first frame (signals included) that came on {@code connection} after its welcome. */
    public String firstFrameOn(int connection) {
        return firstFrames.get(connection);
    }

    /** How many numbers this client has produced so far, sent or held for a resume. */
    public int produced() {
        synchronized (sending) {
            return generated;
        }
    }

    /** Abandons the current connection without a close frame or a bye, as a lost network does. */
    public void dropConnection() {
        detach();
    }

    public JsonNode lastWelcome() {
        return lastWelcome;
    }

    public int connections() {
        synchronized (sending) {
            return connections;
        }
    }

    /** Counts for failure messages: what was produced, re-sent, and what each resume said. */
    public String describe() {
        synchronized (sending) {
            return name + ": produced " + generated + ", re-sent " + resent + ", " + connections + " connection(s)"
                    + (resumes.isEmpty() ? "" : ", " + resumes) + ", received by connection "
                    + received.runsByConnection() + ", errors " + errorCodes();
        }
    }

    @Override
    public void close() {
        detach();
    }

    private String signal(int n) {
        String payload = "{\"n\":" + n + "}";
        return mode == Mode.SEQUENCED ? ClientFrames.signal(payload, n) : ClientFrames.signal(payload);
    }

    private WsClient current() {
        synchronized (sending) {
            if (link == null) {
                throw new IllegalStateException(name + " has no connection");
            }
            return link.ws;
        }
    }

    /** One socket of this client and the thread that records what comes on it. */
    private static final class Link {
        final WsClient ws;
        final int index;
        /** Set when the client gives the socket up: an aborted java.net.http socket may never report a close. */
        volatile boolean abandoned;
        Thread reader;

        Link(WsClient ws, int index) {
            this.ws = ws;
            this.index = index;
        }
    }

    private void attach(WsClient ws) {
        synchronized (sending) {
            Link next = new Link(ws, ++connections);
            next.reader = new Thread(() -> read(next), name + "-reader-" + next.index);
            next.reader.setDaemon(true);
            link = next;
            attached = true;
            next.reader.start();
        }
    }

    /** Abandons the connection on the client's side only, and waits until its reader has recorded everything. */
    private void detach() {
        Link old;
        synchronized (sending) {
            old = link;
            attached = false;
        }
        if (old == null) {
            return;
        }
        old.abandoned = true;
        old.ws.close();
        try {
            old.reader.join(WsClient.DEFAULT_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(Link from) {
        while (true) {
            ReceivedFrame frame = from.ws.poll(POLL);
            if (frame == null) {
                // The listener queues every frame before it reports the close, so nothing is left behind.
                if (from.abandoned || from.ws.isClosed() && !from.ws.hasUnread()) {
                    return;
                }
                continue;
            }
            try {
                record(parse(frame.raw()), from.index);
            } catch (AssertionError notJson) {
                events.add(new Event(from.index, "not-json", JSON.getNodeFactory().textNode(frame.raw())));
            }
        }
    }

    private void record(JsonNode frame, int index) {
        String type = frame.path("type").asText();
        firstFrames.putIfAbsent(index, type);
        if (type.equals("signal")) {
            long seq = frame.path("seq").canConvertToLong() ? frame.get("seq").asLong() : SignalLog.NO_SEQ;
            received.add(new SignalLog.Entry(index, seq, frame.path("payload").path("n").asInt(-1)));
        } else {
            events.add(new Event(index, type, frame));
        }
    }

    private static JsonNode awaitWelcome(String name, WsClient ws) {
        ReceivedFrame frame = ws.awaitFrame(WsClient.DEFAULT_TIMEOUT, "welcome");
        JsonNode welcome = parse(frame.raw());
        if (!welcome.path("type").asText().equals("welcome")) {
            ws.close();
            throw new AssertionError(name + ": expected welcome, got " + frame.raw() + "; frames: " + ws.history());
        }
        return welcome;
    }

    private static JsonNode parse(String raw) {
        try {
            return JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the server sent a frame that is not JSON: " + raw, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
