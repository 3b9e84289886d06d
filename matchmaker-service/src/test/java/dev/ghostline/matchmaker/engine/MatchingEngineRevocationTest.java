package dev.ghostline.matchmaker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Revoked sessions and changes of leader. Relax after 5 s, expire after 10 s, as in {@link MatchingEngineTest}. */
class MatchingEngineRevocationTest {
    private static final long RELAX = 5_000;
    private static final long TTL = 10_000;
    private static final long REFUSED_FOR = TTL * MatchingEngine.REVOKED_TTL_FACTOR;

    private final MatchingEngine engine = new MatchingEngine(RELAX, TTL);

    private static Candidate plain(String session, long seq, long since) {
        return Candidate.random(session, seq, "pod-" + session, "main", List.of(), List.of(), since, "net-" + session,
                List.of());
    }

    private static Candidate keen(String session, long since, String interest) {
        return Candidate.random(session, 1, "pod-" + session, "main", List.of(interest), List.of(), since,
                "net-" + session, List.of());
    }

    private static Candidate room(String session, String room, boolean paired) {
        return Candidate.room(session, 1, "pod-" + session, room, 0, paired, "net-" + session);
    }

    private static List<String> sessions(List<? extends Outcome> outcomes) {
        assertThat(outcomes).hasSize(1).first().isInstanceOf(Pairing.class);
        Pairing pairing = (Pairing) outcomes.get(0);
        return List.of(pairing.offerer().session(), pairing.answerer().session());
    }

    @Test
    void aRevokedWaiterLeavesThePoolAndIsNeverMatched() {
        engine.offer(plain("bad", 1, 0), 0);

        assertThat(engine.revoke("bad", 10)).isEmpty();

        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.offer(plain("b", 1, 20), 20)).isEmpty();
        assertThat(sessions(engine.offer(plain("c", 1, 30), 30))).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void refreshesRacingTheRevocationAreRefusedEvenForANewJoin() {
        engine.offer(plain("bad", 1, 0), 0);
        engine.revoke("bad", 10);

        assertThat(engine.offer(plain("bad", 1, 0), 20)).as("a late refresh").isEmpty();
        assertThat(engine.offer(plain("bad", 2, 20), 30)).as("a newer join").isEmpty();
        assertThat(engine.offer(plain("b", 1, 40), 40)).isEmpty();

        assertThat(engine.waitingSnapshot()).extracting(Candidate::session).containsExactly("b");
        assertThat(engine.isRevoked("bad")).isTrue();
    }

    @Test
    void aRevocationIsForgottenAfterThreeEntryLifetimes() {
        engine.revoke("bad", 0);
        engine.tick(REFUSED_FOR - 1);
        assertThat(engine.isRevoked("bad")).isTrue();

        engine.tick(REFUSED_FOR);

        assertThat(engine.isRevoked("bad")).isFalse();
    }

    @Test
    void aRevokedRoomOccupantFreesItsSeatAndItsPartnerKeepsTheirs() {
        engine.offer(room("a", "r", false), 0);
        engine.offer(room("bad", "r", false), 0);

        engine.revoke("bad", 10);

        assertThat(engine.heldSeatCount()).isEqualTo(1);
        assertThat(engine.offer(room("bad", "r", true), 20)).as("its seat refresh is refused").isEmpty();
        assertThat(engine.heldSeatCount()).isEqualTo(1);
        assertThat(engine.offer(room("c", "r", false), 30)).as("c takes the free seat and waits").isEmpty();
        assertThat(engine.waitingCount()).isEqualTo(1);
    }

    @Test
    void revokingBringsTheEngineToTheGivenTimeLikeAnyOperation() {
        engine.offer(keen("a", 0, "chess"), 0);
        engine.offer(keen("b", 0, "jazz"), 0);

        assertThat(sessions(engine.revoke("someone-else", RELAX))).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void revocationsAreBoundedInNumberOldestForgottenFirst() {
        MatchingEngine small = new MatchingEngine(RELAX, TTL, 2);
        small.revoke("first", 0);
        small.revoke("second", 1);

        small.revoke("third", 2);

        assertThat(small.isRevoked("first")).isFalse();
        assertThat(small.isRevoked("second")).isTrue();
        assertThat(small.isRevoked("third")).isTrue();
    }

    @Test
    void droppingAllWaitersForgetsThePoolButNotWhatIsSettledOrRevoked() {
        engine.offer(plain("a", 1, 0), 0);
        engine.offer(plain("b", 1, 0), 0);
        engine.offer(room("r1", "r", false), 0);
        engine.offer(plain("waiting", 1, 0), 0);
        engine.revoke("bad", 0);

        engine.dropAllWaiters();

        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.heldSeatCount()).isZero();
        assertThat(engine.offer(plain("a", 1, 0), 10)).as("a's join was paired here").isEmpty();
        assertThat(engine.offer(plain("bad", 1, 0), 10)).isEmpty();
        assertThat(engine.waitingSnapshot()).isEmpty();
        assertThat(engine.offer(plain("waiting", 1, 0), 20)).as("back with its next refresh").isEmpty();
        assertThat(sessions(engine.offer(plain("z", 1, 30), 30))).containsExactly("waiting", "z");
    }
}
