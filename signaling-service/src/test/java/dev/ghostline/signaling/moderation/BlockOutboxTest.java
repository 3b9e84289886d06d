package dev.ghostline.signaling.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.bus.BusMessage;
import org.junit.jupiter.api.Test;

class BlockOutboxTest {
    private final BlockOutbox outbox = new BlockOutbox();
    private final BusMessage.AddressBlocked block = new BusMessage.AddressBlocked("hash-1", 1_000);

    @Test
    void aBlockIsSentOnceAtATimeUntilTheStreamAcknowledgesIt() {
        outbox.add(block);
        assertThat(outbox.takeDue(10)).containsExactly(block);
        assertThat(outbox.takeDue(11)).as("in flight: not sent twice at once").isEmpty();

        assertThat(outbox.failed(block)).as("the first failure is worth a warning").isTrue();
        assertThat(outbox.waiting()).isEqualTo(1);
        assertThat(outbox.takeDue(12)).as("sent again after a failure").containsExactly(block);
        assertThat(outbox.failed(block)).as("later failures are not").isFalse();
        assertThat(outbox.takeDue(13)).containsExactly(block);

        outbox.acknowledged(block);
        assertThat(outbox.size()).isZero();
        assertThat(outbox.takeDue(14)).isEmpty();
    }

    @Test
    void aBlockThatEndedIsNotSentAnyMore() {
        outbox.add(block);
        assertThat(outbox.takeDue(1_000)).isEmpty();
        assertThat(outbox.size()).isZero();
    }

    @Test
    void addingTheSameBlockAgainKeepsOneCopy() {
        outbox.add(block);
        outbox.add(new BusMessage.AddressBlocked("hash-1", 1_000));
        assertThat(outbox.takeDue(10)).containsExactly(block);
        assertThat(outbox.failed(new BusMessage.AddressBlocked("unknown", 5))).isFalse();
    }
}
