package dev.ghostline.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.matchmaker.nats.MatchAnnouncer;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.NatsServerRunner;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leader whose NATS connection is down (within the election's outage grace it stays leader) decides nothing:
 * what it announced then would wait in jnats' reconnect buffer and could reach the pods after a standby took
 * over. It keeps its pool, and matches from it once reconnected. A real nats-server, stopped and restarted on
 * the same port; the matchmaker's clock is moved by hand, so waiters relax exactly during the outage.
 */
class MatchmakerOutageTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration RELAX_AFTER = Duration.ofSeconds(2);
    private static final MatchmakerConfig CONFIG = TestConfigs.matchmaker(Map.of(
            "ghostline.matchmaker.tick-interval", "100ms",
            "ghostline.matchmaker.relax-after", RELAX_AFTER.toMillis() + "ms"));

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final HandClock clock = new HandClock(System.currentTimeMillis());
    private NatsServerRunner nats;
    private Connection connection;
    private Matchmaker matchmaker;
    private FakePod pod;

    /** Wall-clock time that moves only when told to. */
    private static final class HandClock extends Clock {
        private final AtomicLong millis;

        HandClock(long millis) {
            this.millis = new AtomicLong(millis);
        }

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @BeforeEach
    void startLeading() throws Exception {
        nats = NatsServerRunner.builder().outputLevel(Level.WARNING).build();
        // Reconnect for ever and quickly, as the service's connection does, so the restarted server is found again.
        connection = Nats.connect(new Options.Builder().server(nats.getURI()).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100)).build());
        MatchmakerMetrics metrics = new MatchmakerMetrics(meters);
        MatchTickets tickets = new MatchTickets(ClusterSecret.of("outage-test-cluster-secret-0123456789ab"),
                Clock.systemUTC());
        matchmaker = new Matchmaker(connection, new MatchAnnouncer(connection, tickets, CONFIG, metrics), metrics,
                CONFIG, clock);
        matchmaker.start();
        matchmaker.startLeading();
        pod = new FakePod("pod-a", nats.getURI(), Duration.ofMillis(200));
    }

    @AfterEach
    void stopEverything() throws Exception {
        pod.close();
        matchmaker.close();
        connection.close();
        nats.close();
    }

    @Test
    void whileDisconnectedNothingIsMatchedAndThePoolIsKeptForTheReconnect() throws Exception {
        // No shared interest: they may meet only once both have waited relax-after.
        pod.join(Ids.random(), "en", List.of("chess"), clock.millis());
        pod.join(Ids.random(), "en", List.of("go"), clock.millis());
        await().atMost(PATIENCE).until(() -> waiting() == 2);
        int port = nats.getPort();

        nats.close();
        await().atMost(PATIENCE).until(() -> connection.getStatus() != Connection.Status.CONNECTED);
        clock.advance(RELAX_AFTER.plusSeconds(1));
        // Ten ticks, each of which would pair the two now if it ran.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> matches() == 0);

        nats = NatsServerRunner.builder().port(port).outputLevel(Level.WARNING).build();
        await().atMost(PATIENCE).until(() -> matches() == 1);
        assertThat(waiting()).isZero();
    }

    private double waiting() {
        return meters.get("ghostline.matchmaker.waiting").gauge().value();
    }

    private double matches() {
        return meters.get("ghostline.matchmaker.matches").counter().count();
    }
}
