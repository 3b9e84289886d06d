package dev.ghostline.matchmaker.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.matchmaker.engine.Candidate;
import dev.ghostline.matchmaker.engine.Mode;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.wire.JoinMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitEntriesTest {
    private final String session = Ids.random();

    private BusMessage.WaitEntry random(String sessionId, String lobby, List<String> interests) {
        return new BusMessage.WaitEntry(sessionId, 3, JoinMode.RANDOM, lobby, interests, null, List.of("x"), 42,
                false);
    }

    @Test
    void aRandomEntryKeepsItsLobbyInterestsAvoidListAndPod() {
        Candidate candidate = WaitEntries.toCandidate("pod-1", random(session, "en", List.of("chess"))).orElseThrow();

        assertThat(candidate).isEqualTo(new Candidate(session, 3, "pod-1", Mode.RANDOM, "en", null,
                List.of("chess"), List.of("x"), 42, false));
    }

    @Test
    void aRoomEntryKeepsItsRoomAndPairedFlag() {
        BusMessage.WaitEntry entry = new BusMessage.WaitEntry(session, 1, JoinMode.ROOM, null, null, "room-hash",
                null, 7, true);

        Candidate candidate = WaitEntries.toCandidate("pod-1", entry).orElseThrow();

        assertThat(candidate.mode()).isEqualTo(Mode.ROOM);
        assertThat(candidate.room()).isEqualTo("room-hash");
        assertThat(candidate.paired()).isTrue();
    }

    @Test
    void malformedEntriesAreRefused() {
        assertThat(WaitEntries.toCandidate("pod-1", random("not-an-id", "en", List.of()))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", random(session, null, List.of()))).isEmpty();
        assertThat(WaitEntries.toCandidate(" ", random(session, "en", List.of()))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", new BusMessage.WaitEntry(session, 1, JoinMode.ROOM, "en",
                null, null, null, 0, false))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", new BusMessage.WaitEntry(session, 1, null, "en",
                null, null, null, 0, false))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", null)).isEmpty();
    }

    @Test
    void cancelEntriesNeedASessionIdAndASequence() {
        assertThat(WaitEntries.isWellFormed(new BusMessage.CancelEntry(session, 0))).isTrue();
        assertThat(WaitEntries.isWellFormed(new BusMessage.CancelEntry("bad", 0))).isFalse();
        assertThat(WaitEntries.isWellFormed(new BusMessage.CancelEntry(session, -1))).isFalse();
        assertThat(WaitEntries.isWellFormed(null)).isFalse();
    }
}
