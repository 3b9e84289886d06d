package dev.ghostline.matchmaker;

import dev.ghostline.matchmaker.engine.MatchingEngine;
import dev.ghostline.matchmaker.engine.Outcome;
import dev.ghostline.matchmaker.nats.MatchAnnouncer;
import dev.ghostline.matchmaker.nats.WaitEntries;
import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.bus.Subjects;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Feeds the engine from the bus and a clock tick. Subscribes without a queue group: exactly one matchmaker
 * may be active, since two would each pair from half the traffic. The engine is not thread-safe; the NATS
 * dispatcher thread and the tick thread take turns on it.
 */
@ApplicationScoped
public class MatchmakerService {
    private static final Logger LOG = Logger.getLogger(MatchmakerService.class);
    private static final Duration MAX_TICKET_TTL = Duration.ofHours(24);

    private final Connection connection;
    private final MatchAnnouncer announcer;
    private final MatchmakerMetrics metrics;
    private final MatchmakerConfig config;
    private final Clock clock;
    private final BusCodec codec = new BusCodec();
    private final MatchingEngine engine;
    private Dispatcher dispatcher;
    private ScheduledExecutorService ticker;

    MatchmakerService(Connection connection, MatchAnnouncer announcer, MatchmakerMetrics metrics,
                      MatchmakerConfig config, Clock clock) {
        this.connection = connection;
        this.announcer = announcer;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        checkSettings(config);
        this.engine = new MatchingEngine(config.relaxAfter().toMillis(), config.entryTtl().toMillis());
    }

    void start(@Observes StartupEvent event) {
        dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.subscribe(Subjects.MATCHMAKER_WAIT);
        dispatcher.subscribe(Subjects.MATCHMAKER_CANCEL);
        confirmSubscriptions();
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "matchmaker-tick");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.tickInterval().toMillis();
        ticker.scheduleAtFixedRate(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        LOG.infof("matchmaker active: tick %s, relax after %s, entry ttl %s, ticket ttl %s",
                config.tickInterval(), config.relaxAfter(), config.entryTtl(), config.ticketTtl());
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (dispatcher != null && connection.getStatus() != Connection.Status.CLOSED) {
            try {
                connection.closeDispatcher(dispatcher);
            } catch (IllegalStateException e) {
                // The connection closed meanwhile, taking the dispatcher with it.
            }
        }
    }

    static void checkSettings(MatchmakerConfig config) {
        requirePositive("tick-interval", config.tickInterval());
        requirePositive("entry-ttl", config.entryTtl());
        requirePositive("ticket-ttl", config.ticketTtl());
        if (config.relaxAfter().isNegative()) {
            throw new IllegalArgumentException("ghostline.matchmaker.relax-after must not be negative");
        }
        if (config.ticketTtl().compareTo(MAX_TICKET_TTL) > 0) {
            throw new IllegalArgumentException("ghostline.matchmaker.ticket-ttl must be at most 24h");
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("ghostline.matchmaker." + key + " must be positive");
        }
    }

    /** Waits until the server has our subscriptions, so nothing published after startup is missed. */
    private void confirmSubscriptions() {
        try {
            connection.flush(Duration.ofSeconds(2));
        } catch (TimeoutException | IllegalStateException e) {
            // Not connected yet: jnats sends the subscriptions on (re)connect; readiness reports the outage.
            LOG.warn("NATS not reachable at startup; subscriptions will be sent on connect");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onMessage(Message message) {
        BusMessage decoded;
        try {
            decoded = codec.decode(message.getData());
        } catch (IllegalArgumentException e) {
            metrics.badMessage();
            return;
        }
        try {
            if (decoded instanceof BusMessage.WaitBatch batch) {
                announcer.announce(offerAll(batch));
            } else if (decoded instanceof BusMessage.CancelBatch batch) {
                cancelAll(batch);
            } else {
                metrics.badMessage();
            }
        } catch (RuntimeException e) {
            metrics.badMessage();
            LOG.errorf("matchmaker message failed: %s", e.getClass().getSimpleName());
        }
    }

    private List<Outcome> offerAll(BusMessage.WaitBatch batch) {
        List<Outcome> outcomes = new ArrayList<>();
        synchronized (engine) {
            long now = clock.millis();
            for (BusMessage.WaitEntry entry : batch.entries()) {
                WaitEntries.toCandidate(batch.pod(), entry).ifPresentOrElse(
                        candidate -> outcomes.addAll(engine.offer(candidate, now)),
                        metrics::badMessage);
            }
            metrics.waiting(engine.waitingCount());
        }
        return outcomes;
    }

    private void cancelAll(BusMessage.CancelBatch batch) {
        if (batch.entries() == null) {
            metrics.badMessage();
            return;
        }
        synchronized (engine) {
            for (BusMessage.CancelEntry entry : batch.entries()) {
                if (WaitEntries.isWellFormed(entry)) {
                    engine.cancel(entry.session(), entry.joinSeq());
                } else {
                    metrics.badMessage();
                }
            }
            metrics.waiting(engine.waitingCount());
        }
    }

    private void tick() {
        try {
            List<Outcome> outcomes;
            synchronized (engine) {
                outcomes = new ArrayList<>(engine.tick(clock.millis()));
                metrics.waiting(engine.waitingCount());
            }
            announcer.announce(outcomes);
        } catch (RuntimeException e) {
            // A thrown exception would cancel the schedule for good; log the kind only (no ids, no bodies).
            LOG.errorf("matchmaker tick failed: %s", e.getClass().getSimpleName());
        }
    }
}
