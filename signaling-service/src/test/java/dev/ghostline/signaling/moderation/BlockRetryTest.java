package dev.ghostline.signaling.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.support.ModerationStreamSetup;
import dev.ghostline.support.testing.RealNats;
import io.nats.client.JetStreamApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A block the moderation stream could not take (here: the stream does not exist yet, as after every NATS node
 * restarted) stays in the pod's outbox and is sent again until the stream stores it. Real nats-server.
 */
class BlockRetryTest {
    @RegisterExtension
    static final RealNats NATS = new RealNats();

    @Test
    void aBlockIsSentAgainUntilTheStreamStoresIt() throws Exception {
        // The enforcement and settings are not needed for publishing blocks.
        ModerationFeed feed = new ModerationFeed(NATS.connection(), null, Clock.systemUTC());
        long until = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        BusMessage.AddressBlocked block = new BusMessage.AddressBlocked("0123456789abcdef0123456789abcdef", until);

        feed.publish(block);
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.blocksAwaitingRetry() == 1);
        assertThat(feed.unacknowledgedBlocks()).as("kept after the failure").isEqualTo(1);

        ModerationStreamSetup.ensure(NATS.connection(), 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            feed.flushBlocks();
            return feed.unacknowledgedBlocks() == 0;
        });
        assertThat(lastBlock()).isEqualTo(block);

        feed.flushBlocks();
        assertThat(NATS.connection().jetStreamManagement().getStreamInfo(ModerationStream.NAME).getStreamState()
                .getMsgCount()).as("stored once").isEqualTo(1);
    }

    private static BusMessage lastBlock() throws java.io.IOException, JetStreamApiException {
        return new BusCodec().decode(NATS.connection().jetStreamManagement()
                .getLastMessage(ModerationStream.NAME, ModerationStream.BLOCKED).getData());
    }
}
