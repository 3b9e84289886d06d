package dev.ghostline.signaling.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.support.ModerationStreamSetup;
import dev.ghostline.support.NatsConfig;
import dev.ghostline.support.testing.RealNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import jakarta.enterprise.inject.Vetoed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replay gate opens on decisions applied, not on decisions delivered. Here the dispatcher is held on the first
 * decision while the server delivers the rest, so the server has nothing pending for the consumer although two
 * decisions wait in the client unapplied. Real nats-server.
 */
class ReplayAppliedTest {
    private static final int DECISIONS = 3;
    @RegisterExtension
    static final RealNats NATS = new RealNats();

    @Test
    void theGateStaysShutWhileDeliveredDecisionsAreNotApplied() throws Exception {
        ModerationStreamSetup.ensure(NATS.connection(), 1);
        long until = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        for (int i = 0; i < DECISIONS; i++) {
            NATS.connection().jetStream().publish(ModerationStream.REVOKED, new BusCodec()
                    .encode(new BusMessage.SessionRevoked("session-" + i, ReportReason.SPAM, until)));
        }
        HeldFeed feed = new HeldFeed(NATS.connection());

        feed.followCurrentStream();
        await().atMost(Duration.ofSeconds(10)).until(() -> undeliveredToTheConsumer() == 0);
        feed.followCurrentStream();
        assertThat(feed.applied).as("held on the first decision").isEmpty();
        assertThat(feed.caughtUp()).as("everything delivered, nothing applied").isFalse();

        feed.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(feed::caughtUp);
        assertThat(feed.applied).as("every decision applied when the gate opened").hasSize(DECISIONS);
    }

    /** What the server has not yet delivered to the feed's (only) consumer. */
    private static long undeliveredToTheConsumer() throws Exception {
        JetStreamManagement management = NATS.connection().jetStreamManagement();
        List<String> consumers = management.getConsumerNames(ModerationStream.NAME);
        assertThat(consumers).hasSize(1);
        return management.getConsumerInfo(ModerationStream.NAME, consumers.get(0)).getNumPending();
    }

    /**
     * A feed whose dispatcher waits for {@link #release} before it applies anything. Vetoed: it inherits the
     * feed's scope, and the Quarkus tests of this module would find two feeds to inject.
     */
    @Vetoed
    private static final class HeldFeed extends ModerationFeed {
        final CountDownLatch release = new CountDownLatch(1);
        final List<BusMessage> applied = new CopyOnWriteArrayList<>();

        HeldFeed(Connection connection) {
            // No listener: apply() is replaced, and no tick (no sweep) runs here.
            super(connection, singleServer(), Clock.systemUTC());
        }

        @Override
        void apply(BusMessage decision) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            applied.add(decision);
        }
    }

    private static NatsConfig singleServer() {
        return new NatsConfig() {
            @Override
            public String url() {
                return NATS.url();
            }

            @Override
            public Duration pingInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration reconnectWait() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int streamReplicas() {
                return 1;
            }
        };
    }
}
