package dev.ghostline.matchmaker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random traffic against the engine, checked after every operation against the rules written out by hand in
 * {@link MatchRules}: pairings are allowed, name each join at most once and only current joins, and the pool
 * left behind is stable. A few dozen sessions share three lobbies and four rooms so that collisions, avoid
 * lists, relaxing and full rooms all happen often.
 */
class MatchingEngineInvariantTest {
    private static final long RELAX = 5_000;
    private static final long TTL = 10_000;
    private static final int SESSIONS = 40;
    private static final int OPERATIONS = 20_000;
    private static final long IN_FLIGHT_MILLIS = 1_000;
    private static final List<String> LOBBIES = List.of("en", "de", "fr");
    private static final List<String> INTERESTS = List.of("chess", "jazz", "go", "film", "code", "art");
    private static final List<String> ROOMS = List.of("r0", "r1", "r2", "r3");

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1_234, 20_260_101})
    void everyOperationLeavesAValidStableEngine(long seed) {
        Traffic traffic = new Traffic(seed);
        for (int i = 0; i < OPERATIONS; i++) {
            traffic.step();
        }
        assertThat(traffic.randomPairings).as("random pairings").isGreaterThan(500);
        assertThat(traffic.relaxedPairings).as("pairings made by relaxing").isGreaterThan(20);
        assertThat(traffic.roomPairings).as("room pairings").isGreaterThan(50);
        assertThat(traffic.rejections).as("room-full rejections").isGreaterThan(10);
    }

    private static final class Traffic {
        private final Random random;
        private final MatchingEngine engine = new MatchingEngine(RELAX, TTL);
        private final MatchRules rules = new MatchRules(RELAX);
        private final long[] currentSeq = new long[SESSIONS];
        private final Map<String, Candidate> offered = new HashMap<>();
        private final Map<String, Long> lastPairedSeq = new HashMap<>();
        /** Room sessions matched at their current join, whose pods keep refreshing the seat. */
        private final Map<String, Candidate> seatHolders = new HashMap<>();
        /** When each session's current join began, and when it was settled (paired, cancelled, refused). */
        private final long[] joinedAt = new long[SESSIONS];
        private final long[] settledAt = new long[SESSIONS];
        private long now = 1_700_000_000_000L;
        int randomPairings;
        int relaxedPairings;
        int roomPairings;
        int rejections;

        Traffic(long seed) {
            this.random = new Random(seed);
        }

        void step() {
            now += random.nextInt(100) < 25 ? random.nextInt(1_500) : random.nextInt(30);
            // Bring the engine to "now" first, so an offer below is judged against exactly this snapshot.
            for (Pairing pairing : engine.tick(now)) {
                check(pairing);
                relaxedPairings++;
            }
            List<Candidate> before = engine.waitingSnapshot();
            int dice = random.nextInt(100);
            int session = random.nextInt(SESSIONS);
            if (dice < 35) {
                join(session, before);
            } else if (dice < 60) {
                refresh(session);
            } else if (dice < 65) {
                staleRefresh(session);
            } else if (dice < 80) {
                refreshASeat();
            } else if (dice < 90) {
                cancel(session);
            }
            String unstable = rules.firstUnstablePair(engine.waitingSnapshot(), engine.nowMillis());
            assertThat(unstable).as("pool stability").isNull();
        }

        private void join(int session, List<Candidate> before) {
            currentSeq[session]++;
            joinedAt[session] = now;
            settledAt[session] = Long.MAX_VALUE;
            String id = id(session);
            seatHolders.remove(id);
            Candidate candidate = random.nextInt(100) < 75 ? randomWait(id, currentSeq[session]) : roomWait(id);
            offered.put(key(id, candidate.joinSeq()), candidate);
            List<Outcome> outcomes = engine.offer(candidate, now);
            handle(outcomes);
            if (candidate.mode() == Mode.RANDOM) {
                checkBestChoice(candidate, before, outcomes);
            }
        }

        private Candidate randomWait(String id, long seq) {
            List<String> interests = pick(INTERESTS, random.nextInt(4));
            List<String> avoid = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                avoid.add(id(random.nextInt(SESSIONS)));
            }
            return Candidate.random(id, seq, pod(), LOBBIES.get(random.nextInt(LOBBIES.size())), interests, avoid,
                    now - random.nextInt(4_000));
        }

        private Candidate roomWait(String id) {
            int session = Integer.parseInt(id.substring(1));
            return Candidate.room(id, currentSeq[session], pod(), ROOMS.get(random.nextInt(ROOMS.size())),
                    now - random.nextInt(1_000), false);
        }

        /** Pods refresh a join until it is settled; one refresh may still be in flight just after. */
        private void refresh(int session) {
            Candidate latest = offered.get(key(id(session), currentSeq[session]));
            if (latest != null && now - settledAt[session] < IN_FLIGHT_MILLIS) {
                handle(engine.offer(onPod(latest, pod()), now));
            }
        }

        /** A refresh of the previous join, sent just before the new one and delivered late. */
        private void staleRefresh(int session) {
            Candidate stale = offered.get(key(id(session), currentSeq[session] - 1));
            if (stale != null && now - joinedAt[session] < IN_FLIGHT_MILLIS) {
                handle(engine.offer(stale, now));
            }
        }

        private void refreshASeat() {
            if (seatHolders.isEmpty()) {
                return;
            }
            List<Candidate> holders = new ArrayList<>(seatHolders.values());
            handle(engine.offer(holders.get(random.nextInt(holders.size())), now));
        }

        private void cancel(int session) {
            String id = id(session);
            long seq = currentSeq[session] - (random.nextInt(4) == 0 ? 1 : 0);
            engine.cancel(id, seq);
            if (seq == currentSeq[session]) {
                seatHolders.remove(id);
                settle(session);
            }
        }

        private void handle(List<Outcome> outcomes) {
            for (Outcome outcome : outcomes) {
                if (outcome instanceof Pairing pairing) {
                    check(pairing);
                } else {
                    check((RoomRejection) outcome);
                }
            }
        }

        private void check(Pairing pairing) {
            Candidate offerer = checkParty(pairing.offerer());
            Candidate answerer = checkParty(pairing.answerer());
            assertThat(offerer.session()).as("never with itself").isNotEqualTo(answerer.session());
            assertThat(offerer.mode()).as("never across modes").isEqualTo(answerer.mode());
            assertThat(offerer.waitingSinceMillis()).as("the longer waiter offers")
                    .isLessThanOrEqualTo(answerer.waitingSinceMillis());
            if (offerer.mode() == Mode.ROOM) {
                assertThat(offerer.room()).isEqualTo(answerer.room());
                seatHolders.put(offerer.session(), asSeat(offerer));
                seatHolders.put(answerer.session(), asSeat(answerer));
                roomPairings++;
            } else {
                assertThat(rules.allowed(offerer, answerer, engine.nowMillis())).as("allowed pair").isTrue();
                assertThat(pairing.commonInterests()).hasSize(rules.commonInterests(offerer, answerer));
                randomPairings++;
            }
        }

        /** The party names the session's current join, never one already paired, and no longer waits. */
        private Candidate checkParty(Party party) {
            int session = Integer.parseInt(party.session().substring(1));
            assertThat(party.joinSeq()).as("only a current join is paired").isEqualTo(currentSeq[session]);
            Long previous = lastPairedSeq.put(party.session(), party.joinSeq());
            assertThat(previous == null || previous < party.joinSeq()).as("a join is paired at most once").isTrue();
            assertThat(engine.waitingSnapshot()).extracting(Candidate::session).doesNotContain(party.session());
            settle(session);
            return offered.get(key(party.session(), party.joinSeq()));
        }

        private void check(RoomRejection rejection) {
            int session = Integer.parseInt(rejection.session().substring(1));
            assertThat(rejection.joinSeq()).isEqualTo(currentSeq[session]);
            assertThat(offered.get(key(rejection.session(), rejection.joinSeq())).mode()).isEqualTo(Mode.ROOM);
            assertThat(lastPairedSeq.getOrDefault(rejection.session(), -1L)).as("a matched join is not refused")
                    .isNotEqualTo(rejection.joinSeq());
            settle(session);
            rejections++;
        }

        private void settle(int session) {
            settledAt[session] = Math.min(settledAt[session], now);
        }

        /** A newcomer that got a partner got the best one waiting: most interests in common, then the oldest. */
        private void checkBestChoice(Candidate newcomer, List<Candidate> before, List<Outcome> outcomes) {
            Candidate chosen = partnerOf(newcomer, outcomes);
            if (chosen == null) {
                return;
            }
            long nowMillis = engine.nowMillis();
            for (Candidate other : before) {
                if (other.session().equals(newcomer.session()) || !rules.allowed(newcomer, other, nowMillis)) {
                    continue;
                }
                int better = Integer.compare(rules.commonInterests(newcomer, other),
                        rules.commonInterests(newcomer, chosen));
                assertThat(better).as("no allowed partner with more interests in common").isLessThanOrEqualTo(0);
                if (better == 0) {
                    assertThat(other.waitingSinceMillis()).as("no equally good partner waited longer")
                            .isGreaterThanOrEqualTo(chosen.waitingSinceMillis());
                }
            }
        }

        private Candidate partnerOf(Candidate newcomer, List<Outcome> outcomes) {
            for (Outcome outcome : outcomes) {
                if (outcome instanceof Pairing pairing) {
                    Party other = pairing.offerer().session().equals(newcomer.session())
                            ? pairing.answerer() : pairing.offerer();
                    if (!other.session().equals(newcomer.session())) {
                        return offered.get(key(other.session(), other.joinSeq()));
                    }
                }
            }
            return null;
        }

        private List<String> pick(List<String> from, int count) {
            Set<String> picked = new HashSet<>();
            while (picked.size() < count) {
                picked.add(from.get(random.nextInt(from.size())));
            }
            return new ArrayList<>(picked);
        }

        private String pod() {
            return "pod-" + random.nextInt(3);
        }

        private static Candidate asSeat(Candidate c) {
            return Candidate.room(c.session(), c.joinSeq(), c.pod(), c.room(), c.waitingSinceMillis(), true);
        }

        private static Candidate onPod(Candidate c, String pod) {
            return new Candidate(c.session(), c.joinSeq(), pod, c.mode(), c.lobby(), c.room(), c.interests(),
                    c.avoid(), c.waitingSinceMillis(), c.paired());
        }

        private static String id(int session) {
            return "s" + session;
        }

        private static String key(String session, long seq) {
            return session + "#" + seq;
        }
    }
}
