package dev.ghostline.matchmaker;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.wire.JoinMode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A signaling pod as the matchmaker sees it: it re-announces its waiting sessions on {@code gl.mm.wait} every
 * refresh interval, and stops announcing a session once told it is matched, as real pods do.
 */
final class FakePod implements AutoCloseable {
    private final String id;
    private final Connection connection;
    private final Dispatcher inbox;
    private final BusCodec codec = new BusCodec();
    private final Map<String, BusMessage.WaitEntry> waiting = new ConcurrentHashMap<>();
    private final Map<String, List<BusMessage.Matched>> matched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger refreshes = new AtomicInteger();

    FakePod(String id, String natsUrl, Duration refreshInterval) throws Exception {
        this.id = id;
        this.connection = Nats.connect(natsUrl);
        this.inbox = connection.createDispatcher(message -> {
            if (codec.decode(message.getData()) instanceof BusMessage.Matched m) {
                matched.computeIfAbsent(m.session(), s -> new CopyOnWriteArrayList<>()).add(m);
                waiting.computeIfPresent(m.session(), (s, entry) -> entry.joinSeq() == m.joinSeq() ? null : entry);
            }
        });
        long millis = refreshInterval.toMillis();
        refresher.scheduleAtFixedRate(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A session starts waiting in random mode: announced now, then at every refresh until matched. */
    void join(String session, String lobby, List<String> interests, long sinceMillis) throws Exception {
        inbox.subscribe(Subjects.session(session));
        connection.flush(Duration.ofSeconds(5));
        // Each session from a network of its own, as distinct users would be.
        BusMessage.WaitEntry entry = new BusMessage.WaitEntry(session, 1, JoinMode.RANDOM, lobby, interests, null,
                List.of(), sinceMillis, false, Ids.random(), List.of());
        waiting.put(session, entry);
        connection.publish(Subjects.MATCHMAKER_WAIT, codec.encode(new BusMessage.WaitBatch(id, List.of(entry))));
    }

    /**
     * Publishes on this pod's connection: NATS delivers it after everything this pod published before (one
     * publisher's messages arrive in order), which makes it a barrier for a subscriber that handles both on one
     * thread.
     */
    void publish(String subject, BusMessage message) {
        connection.publish(subject, codec.encode(message));
    }

    /** Every {@code matched} the session received. */
    List<BusMessage.Matched> matchesOf(String session) {
        return matched.getOrDefault(session, List.of());
    }

    /**
     * Refresh rounds run so far (each publishes the sessions still waiting, if any). Read after {@link #join}
     * returns, a count of two more means a round that started after the join has published: the first may have
     * read the waiting sessions before the join.
     */
    int refreshesSent() {
        return refreshes.get();
    }

    boolean isWaiting(String session) {
        return waiting.containsKey(session);
    }

    private void refresh() {
        List<BusMessage.WaitEntry> entries = List.copyOf(waiting.values());
        if (!entries.isEmpty()) {
            connection.publish(Subjects.MATCHMAKER_WAIT, codec.encode(new BusMessage.WaitBatch(id, entries)));
        }
        refreshes.incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        refresher.shutdownNow();
        refresher.awaitTermination(5, TimeUnit.SECONDS);
        connection.close();
    }
}
