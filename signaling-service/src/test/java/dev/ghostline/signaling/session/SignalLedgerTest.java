package dev.ghostline.signaling.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.bus.BusMessage.Replayed;
import dev.ghostline.protocol.bus.BusMessage.SignalFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalLedgerTest {
    private static final long KEEP = 30_000;

    @Test
    void sentSignalsAreNumberedFromOneAndAClientsResendIsRefused() {
        SignalLedger ledger = new SignalLedger(KEEP);
        assertThat(ledger.nextSent(1)).isEqualTo(1);
        assertThat(ledger.nextSent(2)).isEqualTo(2);
        assertThat(ledger.nextSent(2)).as("a re-send").isEqualTo(-1);
        assertThat(ledger.nextSent(1)).isEqualTo(-1);
        assertThat(ledger.nextSent(5)).as("gaps in the client's count are its own").isEqualTo(3);
        assertThat(ledger.nextSent(-1)).as("an unnumbered signal").isEqualTo(4);
        assertThat(ledger.sentClientSeq()).isEqualTo(5);
    }

    @Test
    void aReplayGivesWhatFollowsAndForgetsOnlyWhatTheClientAcknowledged() {
        SignalLedger ledger = sending(5);
        Replayed afterAGap = ledger.since(3, false, 0);
        assertThat(afterAGap.frames()).extracting(SignalFrame::seq).containsExactly(4L, 5L);
        assertThat(ledger.since(0, false, 0).frames()).as("a gap its pod saw acknowledges nothing").hasSize(5);

        Replayed replayed = ledger.since(2, true, 0);
        assertThat(replayed.frames()).extracting(SignalFrame::seq).containsExactly(3L, 4L, 5L);
        assertThat(replayed.complete()).isTrue();
        assertThat(ledger.since(0, false, 0).frames()).extracting(SignalFrame::seq).as("1 and 2 were acknowledged")
                .containsExactly(3L, 4L, 5L);
        assertThat(ledger.since(0, false, 0).complete()).as("1 and 2 are gone now").isFalse();
        assertThat(ledger.since(5, true, 0).frames()).isEmpty();
        assertThat(ledger.since(5, true, 0).complete()).isTrue();
    }

    @Test
    void keptSignalsAreBoundedByAgeAndBySize() {
        SignalLedger ledger = sending(3);
        assertThat(ledger.since(0, false, KEEP + 1).frames()).as("older than the resume window").isEmpty();

        SignalLedger big = new SignalLedger(KEEP);
        String frame = "x".repeat(100 * 1024);
        for (int i = 0; i < 5; i++) {
            big.keep(new SignalFrame(big.nextSent(-1), 0, frame), 0);
        }
        assertThat(big.keptChars()).isLessThanOrEqualTo(SignalLedger.MAX_KEPT_CHARS);
        Replayed replayed = big.since(0, false, 0);
        assertThat(replayed.frames()).extracting(SignalFrame::seq).containsExactly(4L, 5L);
        assertThat(replayed.complete()).isFalse();
    }

    @Test
    void signalsAreDeliveredOnceAndInOrderWhateverOrderTheyCome() {
        SignalLedger ledger = new SignalLedger(KEEP);
        assertThat(ledger.arrive(frame(1))).extracting(SignalFrame::seq).containsExactly(1L);
        assertThat(ledger.arrive(frame(1))).as("a duplicate").isEmpty();
        assertThat(ledger.arrive(frame(3))).as("early: held").isEmpty();
        assertThat(ledger.hasGap()).isTrue();
        assertThat(ledger.arrive(frame(4))).isEmpty();
        assertThat(ledger.arrive(frame(2))).extracting(SignalFrame::seq).containsExactly(2L, 3L, 4L);
        assertThat(ledger.hasGap()).isFalse();
        assertThat(ledger.receivedSeq()).isEqualTo(4);
    }

    @Test
    void aGapGivenUpReleasesWhatWasHeldAndIsCounted() {
        SignalLedger ledger = new SignalLedger(KEEP);
        ledger.arrive(frame(1));
        ledger.arrive(frame(4));
        ledger.arrive(frame(5));
        assertThat(ledger.giveUpGap()).extracting(SignalFrame::seq).containsExactly(4L, 5L);
        assertThat(ledger.gapsGivenUp()).isEqualTo(1);
        assertThat(ledger.arrive(frame(2))).as("too late now").isEmpty();
        assertThat(ledger.giveUpGap()).as("nothing held, nothing lost").isEmpty();
        assertThat(ledger.gapsGivenUp()).isEqualTo(1);
    }

    @Test
    void tooManyEarlyArrivalsGiveTheGapUp() {
        SignalLedger ledger = new SignalLedger(KEEP);
        List<SignalFrame> released = List.of();
        for (long seq = 2; seq <= SignalLedger.MAX_HELD + 2; seq++) {
            released = ledger.arrive(frame(seq));
        }
        assertThat(released).hasSize(SignalLedger.MAX_HELD + 1);
        assertThat(ledger.gapsGivenUp()).isEqualTo(1);
    }

    @Test
    void aResumeOwesEverythingAfterWhatTheClientHas() {
        SignalLedger ledger = new SignalLedger(KEEP);
        ledger.arrive(frame(1));
        ledger.arrive(frame(2));
        ledger.arrive(frame(3));
        ledger.resumeFrom(1);
        assertThat(ledger.arrive(frame(2))).extracting(SignalFrame::seq).containsExactly(2L);
        assertThat(ledger.arrive(frame(3))).extracting(SignalFrame::seq).containsExactly(3L);
    }

    @Test
    void theNumberingTravelsWithAHandover() {
        SignalLedger ledger = sending(3);
        ledger.arrive(new SignalFrame(1, 7, "x"));
        SignalLedger moved = SignalLedger.restore(ledger.snapshot(), KEEP, 0);
        long next = moved.nextSent(4);
        assertThat(next).isEqualTo(4);
        moved.keep(new SignalFrame(next, 4, "signal 4"), 0);
        assertThat(moved.receivedSeq()).isEqualTo(1);
        assertThat(moved.receivedClientSeq()).isEqualTo(7);
        assertThat(moved.since(1, false, 0).frames()).extracting(SignalFrame::seq).containsExactly(2L, 3L, 4L);
    }

    @Test
    void afterAPodLossTheNextSignalIsTheBaselineUntilTheClientSaysOtherwise() {
        SignalLedger unknown = SignalLedger.afterPodLoss(7, 3, KEEP);
        assertThat(unknown.nextSent(4)).as("numbers on from what the partner's pod received").isEqualTo(8);
        assertThat(unknown.arrive(frame(40))).extracting(SignalFrame::seq).as("no gap before the first")
                .containsExactly(40L);
        assertThat(unknown.hasGap()).isFalse();

        SignalLedger told = SignalLedger.afterPodLoss(0, 0, KEEP);
        told.resumeFrom(38);
        assertThat(told.arrive(frame(40))).as("39 is owed").isEmpty();
        assertThat(told.hasGap()).isTrue();
    }

    @Test
    void heldSignalsAreBoundedInCharactersToo() {
        SignalLedger ledger = new SignalLedger(KEEP);
        String big = "x".repeat(100 * 1024);
        ledger.arrive(new SignalFrame(2, 0, big));
        ledger.arrive(new SignalFrame(3, 0, big));
        assertThat(ledger.gapsGivenUp()).isZero();
        assertThat(ledger.arrive(new SignalFrame(4, 0, big))).as("past 256 KiB held").hasSize(3);
        assertThat(ledger.gapsGivenUp()).isEqualTo(1);
    }

    @Test
    void onlyOneReplayIsAskedForAtATime() {
        SignalLedger ledger = new SignalLedger(KEEP);
        assertThat(ledger.askReplay()).isTrue();
        assertThat(ledger.askReplay()).isFalse();
        ledger.replayAnswered();
        assertThat(ledger.askReplay()).isTrue();
    }

    private static SignalLedger sending(int count) {
        SignalLedger ledger = new SignalLedger(KEEP);
        for (int i = 1; i <= count; i++) {
            ledger.keep(new SignalFrame(ledger.nextSent(i), i, "signal " + i), 0);
        }
        return ledger;
    }

    private static SignalFrame frame(long seq) {
        return new SignalFrame(seq, 0, "{\"type\":\"signal\",\"seq\":" + seq + ",\"payload\":{}}");
    }
}
