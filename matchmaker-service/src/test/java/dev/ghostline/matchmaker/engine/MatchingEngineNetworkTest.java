package dev.ghostline.matchmaker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules on networks: never a recent partner's network, one's own network only as a last resort, rooms
 * untouched; and the attack they stop. Times are small numbers of milliseconds; relax after 5 s, expire after
 * 10 s. Networks are short names here: the engine only compares them.
 */
class MatchingEngineNetworkTest {
    private static final long RELAX = 5_000;
    private static final long TTL = 10_000;

    private final MatchingEngine engine = new MatchingEngine(RELAX, TTL);

    /** A random-mode wait in lobby "main": session, network, since, then the rest. */
    private static Wait wait(String session, String network, long since) {
        return new Wait(session, network, since, 1, "main", List.of(), List.of(), List.of());
    }

    private record Wait(String session, String network, long since, long seq, String lobby, List<String> interests,
                        List<String> avoid, List<String> avoidNetworks) {

        Wait interests(String... values) {
            return new Wait(session, network, since, seq, lobby, List.of(values), avoid, avoidNetworks);
        }

        Wait avoiding(String... sessions) {
            return new Wait(session, network, since, seq, lobby, interests, List.of(sessions), avoidNetworks);
        }

        Wait avoidingNetworks(String... networks) {
            return new Wait(session, network, since, seq, lobby, interests, avoid, List.of(networks));
        }

        Wait in(String otherLobby) {
            return new Wait(session, network, since, seq, otherLobby, interests, avoid, avoidNetworks);
        }

        /** The same session's next join (after a "next"), waiting since {@code newSince}. */
        Wait nextJoin(long newSince) {
            return new Wait(session, network, newSince, seq + 1, lobby, interests, avoid, avoidNetworks);
        }

        Candidate candidate() {
            return Candidate.random(session, seq, "pod-" + session, lobby, interests, avoid, since, network,
                    avoidNetworks);
        }
    }

    private List<Outcome> offer(Wait wait, long nowMillis) {
        return engine.offer(wait.candidate(), nowMillis);
    }

    private static Pairing onlyPairing(List<? extends Outcome> outcomes) {
        assertThat(outcomes).hasSize(1).first().isInstanceOf(Pairing.class);
        return (Pairing) outcomes.get(0);
    }

    private static List<String> sessions(Pairing pairing) {
        return List.of(pairing.offerer().session(), pairing.answerer().session());
    }

    private List<String> waiting() {
        return engine.waitingSnapshot().stream().map(Candidate::session).toList();
    }

    @Test
    void aRecentPartnersNetworkIsNeverPairedInEitherDirection() {
        assertThat(offer(wait("a", "X", 0).in("one").avoidingNetworks("Y"), 0)).isEmpty();
        assertThat(offer(wait("b", "Y", 0).in("one"), 0)).as("the waiter avoids the newcomer's network").isEmpty();
        assertThat(offer(wait("c", "X", 0).in("two"), 0)).isEmpty();
        assertThat(offer(wait("d", "Y", 0).in("two").avoidingNetworks("X"), 0))
                .as("the newcomer avoids the waiter's network").isEmpty();

        assertThat(engine.tick(TTL - 1)).isEmpty();
        assertThat(waiting()).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void anAvoidedNetworkBlocksEverySessionFromIt() {
        offer(wait("a", "X", 0).avoidingNetworks("Y"), 0);
        assertThat(offer(wait("b", "Y", 10), 10)).isEmpty();
        assertThat(offer(wait("c", "Y", 20).avoiding("b"), 20)).as("b's network is c's too").isEmpty();

        Pairing pairing = onlyPairing(offer(wait("d", "Z", 30), 30));

        assertThat(sessions(pairing)).containsExactly("a", "d");
        assertThat(waiting()).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void anUnknownNetworkIsNeitherAvoidedNorShared() {
        offer(wait("old-pod", null, 0).avoiding("known").avoidingNetworks("Z"), 0);
        offer(wait("known", "Y", 10), 10);

        Pairing pairing = onlyPairing(offer(wait("new", null, 20).avoidingNetworks("X"), 20));

        assertThat(sessions(pairing)).as("two unknown networks are not one network: the oldest wins")
                .containsExactly("old-pod", "new");
        assertThat(pairing.offerer().network()).isNull();
    }

    @Test
    void twoSessionsOfOneNetworkMeetWhenNobodyElseFits() {
        offer(wait("a", "X", 0), 0);

        Pairing pairing = onlyPairing(offer(wait("b", "X", 10), 10));

        assertThat(sessions(pairing)).containsExactly("a", "b");
        assertThat(pairing.offerer()).isEqualTo(new PairedSession("a", 1, "pod-a", "X"));
        assertThat(pairing.answerer()).isEqualTo(new PairedSession("b", 1, "pod-b", "X"));
    }

    @Test
    void anotherNetworkBeatsAnOlderWaiterOfTheNewcomersOwn() {
        offer(wait("same", "X", 0).avoiding("other"), 0);
        offer(wait("other", "Y", 100), 100);

        Pairing pairing = onlyPairing(offer(wait("new", "X", 200), 200));

        assertThat(sessions(pairing)).containsExactly("other", "new");
        assertThat(waiting()).containsExactly("same");
    }

    @Test
    void anotherNetworkBeatsMoreInterestsInCommonOnTheNewcomersOwn() {
        offer(wait("same", "X", 0).interests("chess", "go").avoiding("other"), 0);
        offer(wait("other", "Y", 100).interests("chess"), 100);

        Pairing pairing = onlyPairing(offer(wait("new", "X", 200).interests("go", "chess"), 200));

        assertThat(sessions(pairing)).containsExactly("other", "new");
        assertThat(pairing.commonInterests()).containsExactly("chess");
    }

    @Test
    void aStrangerFromAnotherNetworkBeatsASharedInterestOnTheNewcomersOwn() {
        offer(wait("same", "X", 9_000).interests("chess"), 9_000);
        offer(wait("stranger", "Y", 9_000), 9_000);

        Pairing pairing = onlyPairing(offer(wait("relaxed", "X", 0).interests("chess"), 9_000));

        assertThat(sessions(pairing)).containsExactly("relaxed", "stranger");
        assertThat(waiting()).containsExactly("same");
    }

    @Test
    void withinOneNetworkTheUsualRankingHolds() {
        offer(wait("old", "X", 0).interests("chess"), 0);
        offer(wait("keen", "X", 100).interests("chess", "go").avoiding("old"), 100);

        Pairing pairing = onlyPairing(offer(wait("new", "X", 200).interests("go", "chess"), 200));

        assertThat(sessions(pairing)).containsExactly("keen", "new");
    }

    @Test
    void aRelaxingWaiterPrefersAnotherNetworkOverAnOlderOneOfItsOwn() {
        offer(wait("same", "X", 0).avoiding("other"), 0);
        offer(wait("other", "Y", 100), 100);
        assertThat(offer(wait("picky", "X", 200).interests("chess"), 200)).isEmpty();

        Pairing pairing = onlyPairing(engine.tick(200 + RELAX));

        assertThat(sessions(pairing)).containsExactly("other", "picky");
        assertThat(waiting()).containsExactly("same");
    }

    @Test
    void aRelaxingWaiterMeetsItsOwnNetworkWhenNobodyElseFits() {
        offer(wait("picky", "X", 0).interests("chess").avoidingNetworks("Y"), 0);
        offer(wait("own", "X", 50).avoidingNetworks("Y"), 50);
        offer(wait("avoided", "Y", 100), 100);
        assertThat(engine.tick(RELAX - 1)).isEmpty();

        Pairing pairing = onlyPairing(engine.tick(RELAX));

        assertThat(sessions(pairing)).containsExactly("picky", "own");
        assertThat(waiting()).containsExactly("avoided");
    }

    @Test
    void roomsIgnoreNetworks() {
        Candidate a = new Candidate("a", 1, "pod-a", Mode.ROOM, null, "r", List.of(), List.of(), 0, false, "X",
                List.of("X", "Y"));
        Candidate b = Candidate.room("b", 1, "pod-b", "r", 0, false, "X");
        Candidate c = new Candidate("c", 1, "pod-c", Mode.ROOM, null, "s", List.of(), List.of(), 0, false, "X",
                List.of("Y"));
        Candidate d = Candidate.room("d", 1, "pod-d", "s", 0, false, "Y");

        engine.offer(a, 0);
        assertThat(sessions(onlyPairing(engine.offer(b, 0)))).as("friends may share a network")
                .containsExactlyInAnyOrder("a", "b");
        engine.offer(c, 0);
        assertThat(sessions(onlyPairing(engine.offer(d, 0)))).as("or have met from it before")
                .containsExactlyInAnyOrder("c", "d");
    }

    /**
     * Issue 13: one person with several tabs, all on network X, waits in a quiet lobby for a chosen stranger,
     * to meet them once per tab and file a report from each. The tabs have met each other, so their pods report
     * each other in {@code avoid} and X in {@code avoidNetworks}. After the first tab, the victim's pod reports
     * that tab and its network, and the other tabs are out of reach.
     */
    @Test
    void tabsOfOneNetworkCannotMeetTheSameStrangerInTurn() {
        offer(wait("x1", "X", 0).in("q").interests("chess").avoiding("x2", "x3").avoidingNetworks("X"), 0);
        offer(wait("x2", "X", 100).in("q").interests("chess").avoiding("x1", "x3").avoidingNetworks("X"), 100);
        offer(wait("x3", "X", 200).in("q").interests("chess").avoiding("x1", "x2").avoidingNetworks("X"), 200);
        Wait victim = wait("v", "Y", 1_000).in("q").interests("chess", "go");

        Pairing first = onlyPairing(offer(victim, 1_000));
        String tab = first.offerer().session();
        assertThat(tab).isIn("x1", "x2", "x3");
        assertThat(first.answerer().session()).isEqualTo("v");

        Wait next = victim.nextJoin(2_000).avoiding(tab).avoidingNetworks("X");
        assertThat(offer(next, 2_000)).as("no other tab of X").isEmpty();
        assertThat(engine.tick(2_000 + RELAX)).as("not even once everyone accepts strangers").isEmpty();
        assertThat(waiting()).hasSize(3).contains("v").doesNotContain(tab);

        Pairing honest = onlyPairing(offer(wait("z", "Z", 7_000).in("q").interests("go", "chess"), 7_000));

        assertThat(sessions(honest)).containsExactly("v", "z");
        assertThat(honest.offerer().joinSeq()).isEqualTo(2);
        assertThat(waiting()).hasSize(2).allMatch(session -> session.startsWith("x"));
    }
}
