package dev.ghostline.signaling.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The replay gate's rule: caught up once the stream's last sequence at subscription is applied or has left. */
class ReplayProgressTest {

    @Test
    void aStreamThatNeverHeldAMessageIsCaughtUpAtOnce() {
        assertThat(new ReplayProgress(0, 0).caughtUp()).isTrue();
    }

    @Test
    void aStreamWhoseMessagesAllLeftIsCaughtUpAtOnce() {
        // Seven messages, all aged out: the server reports first = last + 1.
        assertThat(new ReplayProgress(7, 8).caughtUp()).isTrue();
    }

    @Test
    void notCaughtUpBeforeTheLastDecisionHeldAtSubscriptionIsApplied() {
        ReplayProgress progress = new ReplayProgress(3, 1);
        assertThat(progress.caughtUp()).isFalse();

        progress.applied(1);
        progress.applied(2);
        assertThat(progress.caughtUp()).as("delivered or not, message 3 is not applied yet").isFalse();

        progress.applied(3);
        assertThat(progress.caughtUp()).isTrue();
    }

    @Test
    void decisionsPublishedAfterSubscribingAreNotWaitedFor() {
        ReplayProgress progress = new ReplayProgress(2, 1);
        progress.applied(1);
        progress.applied(2);
        assertThat(progress.caughtUp()).isTrue();

        progress.applied(9);
        assertThat(progress.caughtUp()).isTrue();
    }

    @Test
    void messagesThatLeftTheStreamBeforeDeliveryDoNotKeepThePodWaiting() {
        ReplayProgress progress = new ReplayProgress(5, 1);
        progress.applied(2);
        progress.streamStartsAt(4);
        assertThat(progress.caughtUp()).as("4 and 5 are still in the stream, to be delivered").isFalse();

        progress.streamStartsAt(6);
        assertThat(progress.caughtUp()).as("3 to 5 aged out unseen; nothing up to the target is left").isTrue();
    }

    @Test
    void aStaleReadingNeverMovesProgressBack() {
        ReplayProgress progress = new ReplayProgress(5, 1);
        progress.streamStartsAt(6);
        progress.streamStartsAt(2);
        assertThat(progress.caughtUp()).isTrue();

        ReplayProgress applied = new ReplayProgress(5, 1);
        applied.applied(5);
        applied.applied(4);
        assertThat(applied.caughtUp()).isTrue();
    }
}
