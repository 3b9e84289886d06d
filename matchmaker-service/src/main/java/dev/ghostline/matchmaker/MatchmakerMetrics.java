package dev.ghostline.matchmaker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The matchmaker's meters. No labels at all: lobbies and rooms are chosen by clients (unbounded), and
 * session ids must never leave the bus.
 */
@ApplicationScoped
public class MatchmakerMetrics {
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger leader = new AtomicInteger();
    private final Counter matches;
    private final Counter roomRejections;
    private final Counter badMessages;
    private final Counter revocations;
    private final Counter fencedBatches;

    public MatchmakerMetrics(MeterRegistry registry) {
        Gauge.builder("ghostline.matchmaker.waiting", waiting, AtomicInteger::get)
                .description("Sessions waiting for a partner (random mode and unmatched room seats)")
                .strongReference(true)
                .register(registry);
        matches = Counter.builder("ghostline.matchmaker.matches")
                .description("Pairs matched")
                .register(registry);
        roomRejections = Counter.builder("ghostline.matchmaker.room.rejections")
                .description("Room joins refused because the room already held two people")
                .register(registry);
        Gauge.builder("ghostline.matchmaker.leader", leader, AtomicInteger::get)
                .description("1 while this instance leads (matches), 0 while it stands by")
                .strongReference(true)
                .register(registry);
        revocations = Counter.builder("ghostline.matchmaker.revocations")
                .description("Session revocations received from moderation")
                .register(registry);
        fencedBatches = Counter.builder("ghostline.matchmaker.fenced.batches")
                .description("Wait batches a leader ignored because its lease fence was closed (no Lease renew"
                        + " within the renew deadline): pods are waiting and nobody matches")
                .register(registry);
        badMessages = Counter.builder("ghostline.matchmaker.bad.messages")
                .description("Bus messages or entries ignored because they could not be decoded or were invalid")
                .register(registry);
    }

    public void waiting(int count) {
        waiting.set(count);
    }

    public void matched() {
        matches.increment();
    }

    public void roomRejected() {
        roomRejections.increment();
    }

    public void leading(boolean leading) {
        leader.set(leading ? 1 : 0);
    }

    public void revoked() {
        revocations.increment();
    }

    /** A wait batch arrived while this leader's lease fence was closed, and was ignored. */
    public void fencedBatch() {
        fencedBatches.increment();
    }

    public void badMessage() {
        badMessages.increment();
    }
}
