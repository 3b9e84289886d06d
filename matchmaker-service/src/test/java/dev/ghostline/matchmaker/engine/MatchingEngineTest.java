package dev.ghostline.matchmaker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per matching rule. Times are small numbers of milliseconds; relax after 5 s, expire after 10 s.
 * Every session here waits from a network of its own; {@link MatchingEngineNetworkTest} has the rules on networks.
 */
class MatchingEngineTest {
    private static final long RELAX = 5_000;
    private static final long TTL = 10_000;

    private final MatchingEngine engine = new MatchingEngine(RELAX, TTL);

    private static Candidate random(String session, long seq, String lobby, List<String> interests,
                                    List<String> avoid, long since) {
        return Candidate.random(session, seq, "pod-" + session, lobby, interests, avoid, since, "net-" + session,
                List.of());
    }

    private static Candidate plain(String session, long since) {
        return random(session, 1, "main", List.of(), List.of(), since);
    }

    private static Candidate keen(String session, long since, String... interests) {
        return random(session, 1, "main", List.of(interests), List.of(), since);
    }

    private static Candidate room(String session, long seq, String room, boolean paired) {
        return Candidate.room(session, seq, "pod-" + session, room, 0, paired, "net-" + session);
    }

    private static Pairing onlyPairing(List<? extends Outcome> outcomes) {
        assertThat(outcomes).hasSize(1).first().isInstanceOf(Pairing.class);
        return (Pairing) outcomes.get(0);
    }

    private static List<String> sessions(Pairing pairing) {
        return List.of(pairing.offerer().session(), pairing.answerer().session());
    }

    @Test
    void twoWaitersWithoutInterestsMeetAtOnce() {
        assertThat(engine.offer(plain("a", 0), 0)).isEmpty();
        assertThat(engine.waitingCount()).isEqualTo(1);

        Pairing pairing = onlyPairing(engine.offer(plain("b", 10), 10));

        assertThat(sessions(pairing)).containsExactly("a", "b");
        assertThat(pairing.offerer().pod()).isEqualTo("pod-a");
        assertThat(pairing.commonInterests()).isEmpty();
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void theLongerWaiterOffersEvenWhenItArrivesSecond() {
        engine.offer(plain("late", 900), 1_000);

        Pairing pairing = onlyPairing(engine.offer(plain("early", 100), 1_000));

        assertThat(pairing.offerer().session()).isEqualTo("early");
        assertThat(pairing.answerer().session()).isEqualTo("late");
    }

    @Test
    void mostInterestsInCommonBeatsWaitingLonger() {
        engine.offer(keen("old", 0, "chess"), 0);
        engine.offer(keen("young", 100, "jazz", "go"), 100);

        Pairing pairing = onlyPairing(engine.offer(keen("new", 200, "go", "chess", "jazz"), 200));

        assertThat(sessions(pairing)).containsExactlyInAnyOrder("young", "new");
        assertThat(pairing.commonInterests()).containsExactly("go", "jazz");
        assertThat(engine.waitingSnapshot()).extracting(Candidate::session).containsExactly("old");
    }

    @Test
    void amongEquallyGoodPartnersTheOldestWins() {
        engine.offer(keen("second", 200, "jazz"), 300);
        engine.offer(keen("first", 100, "go"), 300);

        Pairing pairing = onlyPairing(engine.offer(keen("new", 300, "jazz", "go"), 300));

        assertThat(sessions(pairing)).containsExactly("first", "new");
    }

    @Test
    void aSharedInterestIsNotNeededOnceBothHaveWaitedLongEnough() {
        engine.offer(keen("a", 0, "chess"), 0);
        assertThat(engine.offer(keen("b", 1_000, "jazz"), 1_000)).isEmpty();
        assertThat(engine.tick(RELAX)).as("b has not waited long enough yet").isEmpty();

        Pairing pairing = onlyPairing(engine.tick(1_000 + RELAX));

        assertThat(sessions(pairing)).containsExactly("a", "b");
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void aWaiterWithInterestsMeetsOneWithoutOnlyAfterRelaxing() {
        engine.offer(plain("open", 0), 0);
        assertThat(engine.offer(keen("picky", 0, "chess"), 0)).isEmpty();
        assertThat(engine.tick(RELAX - 1)).isEmpty();

        assertThat(sessions(onlyPairing(engine.tick(RELAX)))).containsExactlyInAnyOrder("open", "picky");
    }

    @Test
    void aRelaxedNewcomerMeetsAStrangerAtOnce() {
        engine.offer(plain("open", 0), 9_000);

        Pairing pairing = onlyPairing(engine.offer(keen("relaxed", 0, "chess"), 9_000));

        assertThat(sessions(pairing)).containsExactly("open", "relaxed");
    }

    @Test
    void recentPartnersAreNeverPairedInEitherDirection() {
        engine.offer(random("a", 1, "one", List.of("chess"), List.of("b"), 0), 0);
        assertThat(engine.offer(random("b", 1, "one", List.of("chess"), List.of(), 0), 0))
                .as("the waiter avoids the newcomer").isEmpty();
        engine.offer(random("c", 1, "two", List.of(), List.of(), 0), 0);
        assertThat(engine.offer(random("d", 1, "two", List.of(), List.of("c"), 0), 0))
                .as("the newcomer avoids the waiter").isEmpty();

        assertThat(engine.tick(TTL - 1)).isEmpty();
        assertThat(engine.waitingSnapshot()).extracting(Candidate::session)
                .containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void avoidListsBlockOnlyThePairsTheyName() {
        engine.offer(random("a", 1, "main", List.of(), List.of("b"), 0), 0);
        assertThat(engine.offer(plain("b", 0), 0)).isEmpty();

        Pairing pairing = onlyPairing(engine.offer(plain("c", 0), 0));

        assertThat(sessions(pairing)).containsExactlyInAnyOrder("a", "c");
        assertThat(engine.waitingSnapshot()).extracting(Candidate::session).containsExactly("b");
    }

    @Test
    void lobbiesAndModesNeverMix() {
        engine.offer(random("a", 1, "en", List.of(), List.of(), 0), 0);
        engine.offer(random("b", 1, "de", List.of(), List.of(), 0), 0);
        engine.offer(room("c", 1, "en", false), 0);

        assertThat(engine.tick(TTL - 1)).isEmpty();
        assertThat(engine.waitingCount()).isEqualTo(3);
    }

    @Test
    void entriesNotRefreshedWithinTheTtlExpire() {
        engine.offer(random("kept", 1, "en", List.of(), List.of(), 0), 0);
        engine.offer(random("dropped", 1, "de", List.of(), List.of(), 0), 0);
        engine.offer(random("kept", 1, "en", List.of(), List.of(), 0), TTL - 1);

        engine.tick(TTL);

        assertThat(engine.waitingSnapshot()).extracting(Candidate::session).containsExactly("kept");
        engine.tick(2 * TTL - 1);
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void aRefreshKeepsTheWaitButFollowsTheSessionToItsNewPod() {
        engine.offer(plain("a", 0), 0);
        engine.offer(Candidate.random("a", 1, "pod-elsewhere", "main", List.of(), List.of(), 0, "net-a", List.of()),
                100);
        assertThat(engine.waitingCount()).isEqualTo(1);

        Pairing pairing = onlyPairing(engine.offer(plain("b", 50), 200));

        assertThat(pairing.offerer()).isEqualTo(new PairedSession("a", 1, "pod-elsewhere", "net-a"));
    }

    @Test
    void aStaleJoinIsIgnoredAndANewerOneReplacesTheWait() {
        engine.offer(random("a", 5, "en", List.of(), List.of(), 0), 0);
        engine.offer(random("a", 4, "de", List.of(), List.of(), 0), 0);
        assertThat(engine.waitingSnapshot()).extracting(Candidate::lobby).containsExactly("en");

        engine.offer(random("a", 6, "de", List.of(), List.of(), 0), 0);

        assertThat(engine.waitingSnapshot()).extracting(Candidate::lobby).containsExactly("de");
    }

    @Test
    void afterPairingLateRefreshesOfThatJoinAreIgnored() {
        engine.offer(plain("a", 0), 0);
        engine.offer(plain("b", 0), 0);

        assertThat(engine.offer(plain("a", 0), 100)).isEmpty();
        assertThat(engine.offer(plain("c", 0), 200)).as("a's late refresh must not wait again").isEmpty();

        Pairing pairing = onlyPairing(engine.offer(random("a", 2, "main", List.of(), List.of(), 300), 300));
        assertThat(sessions(pairing)).containsExactly("c", "a");
        assertThat(pairing.answerer().joinSeq()).isEqualTo(2);
    }

    @Test
    void aSessionIsNeverPairedWithItself() {
        engine.offer(random("a", 1, "main", List.of(), List.of(), 0), 0);

        assertThat(engine.offer(random("a", 2, "main", List.of(), List.of(), 0), 0)).isEmpty();
        assertThat(engine.waitingSnapshot()).extracting(Candidate::joinSeq).containsExactly(2L);
    }

    @Test
    void cancelRemovesTheWaitAndLateRefreshesOfIt() {
        engine.offer(random("a", 3, "main", List.of(), List.of(), 0), 0);

        assertThat(engine.cancel("a", 2)).as("an older cancel leaves the newer join").isFalse();
        assertThat(engine.cancel("a", 3)).isTrue();
        assertThat(engine.offer(random("a", 3, "main", List.of(), List.of(), 0), 10)).isEmpty();
        assertThat(engine.waitingCount()).isZero();

        engine.offer(random("a", 4, "main", List.of(), List.of(), 0), 20);
        assertThat(engine.waitingCount()).isEqualTo(1);
    }

    @Test
    void aRoomPairsExactlyTwoAndRefusesTheThird() {
        assertThat(engine.offer(room("a", 1, "r", false), 0)).isEmpty();
        Pairing pairing = onlyPairing(engine.offer(room("b", 1, "r", false), 10));
        assertThat(sessions(pairing)).containsExactlyInAnyOrder("a", "b");

        assertThat(engine.offer(room("c", 1, "r", false), 20)).containsExactly(new RoomRejection("c", 1));
        assertThat(engine.heldSeatCount()).isEqualTo(2);
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void aRoomJoinerIsNeverPairedWithItself() {
        engine.offer(room("a", 1, "r", false), 0);

        assertThat(engine.offer(room("a", 2, "r", false), 10)).isEmpty();
        assertThat(engine.waitingSnapshot()).extracting(Candidate::joinSeq).containsExactly(2L);
    }

    @Test
    void refreshedSeatsKeepTheRoomFullAndUnrefreshedOnesExpire() {
        engine.offer(room("a", 1, "r", false), 0);
        engine.offer(room("b", 1, "r", false), 0);
        engine.offer(room("a", 1, "r", true), TTL - 1);
        engine.offer(room("b", 1, "r", true), TTL - 1);

        assertThat(engine.offer(room("c", 1, "r", false), TTL + 5)).containsExactly(new RoomRejection("c", 1));

        engine.offer(room("a", 1, "r", true), 2 * TTL - 2);
        engine.tick(2 * TTL - 1);
        assertThat(engine.heldSeatCount()).as("b stopped refreshing").isEqualTo(1);
        assertThat(engine.offer(room("d", 1, "r", false), 2 * TTL)).isEmpty();
        assertThat(engine.waitingSnapshot()).extracting(Candidate::session).containsExactly("d");
    }

    @Test
    void cancellingFreesASeatButTheOtherOccupantStaysMatched() {
        engine.offer(room("a", 1, "r", false), 0);
        engine.offer(room("b", 1, "r", false), 0);

        assertThat(engine.cancel("b", 1)).isTrue();

        assertThat(engine.offer(room("c", 1, "r", false), 10)).as("a is still matched: c waits").isEmpty();
        assertThat(engine.offer(room("d", 1, "r", false), 20)).containsExactly(new RoomRejection("d", 1));
        Pairing again = onlyPairing(engine.offer(room("a", 2, "r", false), 30));
        assertThat(sessions(again)).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void aMatchedSeatRefreshRebuildsTheRoomWithoutPairing() {
        assertThat(engine.offer(room("a", 1, "r", true), 0)).isEmpty();
        assertThat(engine.offer(room("b", 1, "r", true), 0)).isEmpty();
        assertThat(engine.heldSeatCount()).isEqualTo(2);

        assertThat(engine.offer(room("c", 1, "r", false), 10)).containsExactly(new RoomRejection("c", 1));
    }

    @Test
    void aMatchedSeatOutranksAStrangerWaitingInItsRoom() {
        engine.offer(room("stranger", 1, "r", false), 0);
        assertThat(engine.offer(room("a", 1, "r", true), 0)).isEmpty();

        assertThat(engine.offer(room("b", 1, "r", true), 0)).containsExactly(new RoomRejection("stranger", 1));
        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.heldSeatCount()).isEqualTo(2);
    }

    @Test
    void aRefusedJoinStaysRefusedEvenWhenASeatFrees() {
        engine.offer(room("a", 1, "r", false), 0);
        engine.offer(room("b", 1, "r", false), 0);
        engine.offer(room("c", 1, "r", false), 0);
        engine.cancel("a", 1);

        assertThat(engine.offer(room("c", 1, "r", false), 10)).isEmpty();
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new MatchingEngine(-1, TTL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatchingEngine(RELAX, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
