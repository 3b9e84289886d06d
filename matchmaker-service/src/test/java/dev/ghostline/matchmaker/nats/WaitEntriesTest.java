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
    private final String network = Ids.random();
    private final String partnerNetwork = Ids.random();

    private BusMessage.WaitEntry random(String sessionId, String lobby, List<String> interests) {
        return randomFrom(sessionId, lobby, interests, network);
    }

    private BusMessage.WaitEntry randomFrom(String sessionId, String lobby, List<String> interests, String from) {
        return new BusMessage.WaitEntry(sessionId, 3, JoinMode.RANDOM, lobby, interests, null, List.of("x"), 42,
                false, from, List.of(partnerNetwork));
    }

    private BusMessage.WaitEntry room(String room, String from) {
        return new BusMessage.WaitEntry(session, 1, JoinMode.ROOM, null, null, room, null, 7, true, from, null);
    }

    @Test
    void aRandomEntryKeepsItsLobbyInterestsAvoidListsNetworkAndPod() {
        Candidate candidate = WaitEntries.toCandidate("pod-1", random(session, "en", List.of("chess"))).orElseThrow();

        assertThat(candidate).isEqualTo(new Candidate(session, 3, "pod-1", Mode.RANDOM, "en", null,
                List.of("chess"), List.of("x"), 42, false, network, List.of(partnerNetwork)));
    }

    @Test
    void aRoomEntryKeepsItsRoomPairedFlagAndNetwork() {
        Candidate candidate = WaitEntries.toCandidate("pod-1", room("room-hash", network)).orElseThrow();

        assertThat(candidate.mode()).isEqualTo(Mode.ROOM);
        assertThat(candidate.room()).isEqualTo("room-hash");
        assertThat(candidate.paired()).isTrue();
        assertThat(candidate.network()).isEqualTo(network);
    }

    @Test
    void anEntryFromAPodThatSendsNoNetworkIsKeptWithoutOne() {
        BusMessage.WaitEntry old = new BusMessage.WaitEntry(session, 3, JoinMode.RANDOM, "en", List.of(), null,
                List.of(), 42, false, null, null);

        Candidate candidate = WaitEntries.toCandidate("pod-1", old).orElseThrow();

        assertThat(candidate.network()).isNull();
        assertThat(candidate.avoidNetworks()).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", room("room-hash", null)).orElseThrow().network()).isNull();
    }

    @Test
    void malformedEntriesAreRefused() {
        assertThat(WaitEntries.toCandidate("pod-1", random("not-an-id", "en", List.of()))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", random(session, null, List.of()))).isEmpty();
        assertThat(WaitEntries.toCandidate(" ", random(session, "en", List.of()))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", new BusMessage.WaitEntry(session, 1, JoinMode.ROOM, "en",
                null, null, null, 0, false, null, null))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", new BusMessage.WaitEntry(session, 1, null, "en",
                null, null, null, 0, false, null, null))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", null)).isEmpty();
    }

    @Test
    void aMalformedNetworkRefusesTheEntryRatherThanATicketThatCannotBeSealed() {
        assertThat(WaitEntries.toCandidate("pod-1", randomFrom(session, "en", List.of(), "10.0.0.1"))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", randomFrom(session, "en", List.of(), "A".repeat(32))))
                .isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", randomFrom(session, "en", List.of(), ""))).isEmpty();
        assertThat(WaitEntries.toCandidate("pod-1", room("room-hash", "not-a-network"))).isEmpty();
    }

    @Test
    void cancelEntriesNeedASessionIdAndASequence() {
        assertThat(WaitEntries.isWellFormed(new BusMessage.CancelEntry(session, 0))).isTrue();
        assertThat(WaitEntries.isWellFormed(new BusMessage.CancelEntry("bad", 0))).isFalse();
        assertThat(WaitEntries.isWellFormed(new BusMessage.CancelEntry(session, -1))).isFalse();
        assertThat(WaitEntries.isWellFormed(null)).isFalse();
    }
}
