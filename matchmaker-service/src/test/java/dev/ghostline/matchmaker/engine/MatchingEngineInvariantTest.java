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
 * {@link MatchRules}: pairings are allowed, name each join at most once and only current joins, each waiter
 * got its best partner (another network before its own), and the pool left behind is stable. A few dozen
 * sessions share three lobbies, four rooms and eight networks so that collisions, avoid lists (of sessions and
 * of networks), pairs within one network, relaxing and full rooms all happen often.
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
    private static final int NETWORKS = 8;

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
        assertThat(traffic.sameNetworkPairings).as("random pairings within one network").isGreaterThan(50);
        assertThat(traffic.relaxedSameNetworkPairings).as("of them by relaxing").isGreaterThan(20);
        assertThat(traffic.networkBlocks).as("pairs kept apart by a network alone").isGreaterThan(200);
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
        int sameNetworkPairings;
        int relaxedSameNetworkPairings;
        int networkBlocks;

        Traffic(long seed) {
            this.random = new Random(seed);
        }

        void step() {
            now += random.nextInt(100) < 25 ? random.nextInt(1_500) : random.nextInt(30);
            // Bring the engine to "now" first, so an offer below is judged against exactly this snapshot.
            List<Candidate> beforeTick = engine.waitingSnapshot();
            long beforeTickMillis = engine.nowMillis();
            List<Pairing> relaxed = engine.tick(now);
            for (Pairing pairing : relaxed) {
                if (check(pairing)) {
                    relaxedSameNetworkPairings++;
                }
                relaxedPairings++;
            }
            checkRelaxedChoices(beforeTick, beforeTickMillis, relaxed);
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
            List<String> avoidNetworks = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                avoidNetworks.add(network(random.nextInt(NETWORKS)));
            }
            return Candidate.random(id, seq, pod(), LOBBIES.get(random.nextInt(LOBBIES.size())), interests, avoid,
                    now - random.nextInt(4_000), networkOf(id), avoidNetworks);
        }

        private Candidate roomWait(String id) {
            int session = Integer.parseInt(id.substring(1));
            return Candidate.room(id, currentSeq[session], pod(), ROOMS.get(random.nextInt(ROOMS.size())),
                    now - random.nextInt(1_000), false, networkOf(id));
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

        /** Returns whether the pair shares a network. */
        private boolean check(Pairing pairing) {
            Candidate offerer = checkPaired(pairing.offerer());
            Candidate answerer = checkPaired(pairing.answerer());
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
                assertThat(rules.avoidsNetworkOf(offerer, answerer) || rules.avoidsNetworkOf(answerer, offerer))
                        .as("never with a recent partner's network").isFalse();
                assertThat(rules.allowed(offerer, answerer, engine.nowMillis())).as("allowed pair").isTrue();
                assertThat(pairing.commonInterests()).hasSize(rules.commonInterests(offerer, answerer));
                randomPairings++;
            }
            assertThat(pairing.offerer().network()).isEqualTo(offerer.network());
            assertThat(pairing.answerer().network()).isEqualTo(answerer.network());
            boolean sameNetwork = offerer.mode() == Mode.RANDOM && rules.sameNetwork(offerer, answerer);
            if (sameNetwork) {
                sameNetworkPairings++;
            }
            return sameNetwork;
        }

        /** The paired session names the session's current join, never one already paired, and no longer waits. */
        private Candidate checkPaired(PairedSession paired) {
            int session = Integer.parseInt(paired.session().substring(1));
            assertThat(paired.joinSeq()).as("only a current join is paired").isEqualTo(currentSeq[session]);
            Long previous = lastPairedSeq.put(paired.session(), paired.joinSeq());
            assertThat(previous == null || previous < paired.joinSeq()).as("a join is paired at most once").isTrue();
            assertThat(engine.waitingSnapshot()).extracting(Candidate::session).doesNotContain(paired.session());
            settle(session);
            return offered.get(key(paired.session(), paired.joinSeq()));
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

        /**
         * A newcomer that got a partner got the best one waiting: from another network if any was allowed, then
         * most interests in common, then the oldest.
         */
        private void checkBestChoice(Candidate newcomer, List<Candidate> before, List<Outcome> outcomes) {
            Candidate chosen = partnerOf(newcomer, outcomes);
            long nowMillis = engine.nowMillis();
            for (Candidate other : before) {
                if (other.session().equals(newcomer.session())) {
                    continue;
                }
                if (!rules.allowed(newcomer, other, nowMillis)) {
                    if (rules.allowed(ignoringNetworks(newcomer), ignoringNetworks(other), nowMillis)) {
                        networkBlocks++;
                    }
                } else if (chosen != null) {
                    checkRanking(newcomer, chosen, other);
                }
            }
        }

        /**
         * Each waiter that relaxed in this tick got the best open partner it could meet when it relaxed: from
         * another network if any, then the oldest (it shares no interest with anyone allowed: the pool was
         * stable). Open then means still waiting after the tick, or paired later in it, and open before the
         * relaxer's time came; waiters that relax at the same instant are left out (their order is the engine's).
         */
        private void checkRelaxedChoices(List<Candidate> beforeTick, long beforeTickMillis, List<Pairing> relaxed) {
            Set<String> left = new HashSet<>();
            engine.waitingSnapshot().forEach(c -> left.add(c.session()));
            for (int i = relaxed.size() - 1; i >= 0; i--) {
                Candidate a = offered(relaxed.get(i).offerer());
                Candidate b = offered(relaxed.get(i).answerer());
                Candidate relaxer = relaxerOf(a, b, beforeTickMillis);
                if (relaxer != null) {
                    Candidate partner = relaxer == a ? b : a;
                    for (Candidate other : beforeTick) {
                        if (left.contains(other.session()) && wasOpenFor(relaxer, other)) {
                            checkRanking(relaxer, partner, other);
                        }
                    }
                }
                left.add(a.session());
                left.add(b.session());
            }
        }

        /** The one whose relax time came in this tick, the later if both; null if both came at once. */
        private Candidate relaxerOf(Candidate a, Candidate b, long beforeTickMillis) {
            boolean aRelaxed = !a.interests().isEmpty() && relaxAt(a) > beforeTickMillis;
            boolean bRelaxed = !b.interests().isEmpty() && relaxAt(b) > beforeTickMillis;
            assertThat(aRelaxed || bRelaxed).as("a pairing made by a tick has a waiter that relaxed").isTrue();
            if (aRelaxed && bRelaxed) {
                return relaxAt(a) == relaxAt(b) ? null : relaxAt(a) > relaxAt(b) ? a : b;
            }
            return aRelaxed ? a : b;
        }

        private boolean wasOpenFor(Candidate relaxer, Candidate other) {
            return other.mode() == Mode.RANDOM && other.lobby().equals(relaxer.lobby())
                    && !other.session().equals(relaxer.session()) && !rules.avoidEachOther(relaxer, other)
                    && rules.acceptsStrangers(other, relaxAt(relaxer) - 1);
        }

        /** {@code chosen}, the partner {@code waiter} got, ranks no lower than {@code other}, also allowed. */
        private void checkRanking(Candidate waiter, Candidate chosen, Candidate other) {
            boolean chosenOwn = rules.sameNetwork(waiter, chosen);
            boolean otherOwn = rules.sameNetwork(waiter, other);
            assertThat(chosenOwn && !otherOwn).as("no allowed partner from another network passed over").isFalse();
            if (otherOwn && !chosenOwn) {
                return;
            }
            int better = Integer.compare(rules.commonInterests(waiter, other), rules.commonInterests(waiter, chosen));
            assertThat(better).as("no allowed partner with more interests in common").isLessThanOrEqualTo(0);
            if (better == 0) {
                assertThat(other.waitingSinceMillis()).as("no equally good partner waited longer")
                        .isGreaterThanOrEqualTo(chosen.waitingSinceMillis());
            }
        }

        private Candidate partnerOf(Candidate newcomer, List<Outcome> outcomes) {
            for (Outcome outcome : outcomes) {
                if (outcome instanceof Pairing pairing) {
                    PairedSession other = pairing.offerer().session().equals(newcomer.session())
                            ? pairing.answerer() : pairing.offerer();
                    if (!other.session().equals(newcomer.session())) {
                        return offered.get(key(other.session(), other.joinSeq()));
                    }
                }
            }
            return null;
        }

        private Candidate offered(PairedSession paired) {
            return offered.get(key(paired.session(), paired.joinSeq()));
        }

        /** Most joins come from the session's own network, a few from an older pod that sends none. */
        private String networkOf(String id) {
            return random.nextInt(10) == 0 ? null : network(Integer.parseInt(id.substring(1)) % NETWORKS);
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
            return Candidate.room(c.session(), c.joinSeq(), c.pod(), c.room(), c.waitingSinceMillis(), true,
                    c.network());
        }

        private static Candidate onPod(Candidate c, String pod) {
            return new Candidate(c.session(), c.joinSeq(), pod, c.mode(), c.lobby(), c.room(), c.interests(),
                    c.avoid(), c.waitingSinceMillis(), c.paired(), c.network(), c.avoidNetworks());
        }

        private static Candidate ignoringNetworks(Candidate c) {
            return new Candidate(c.session(), c.joinSeq(), c.pod(), c.mode(), c.lobby(), c.room(), c.interests(),
                    c.avoid(), c.waitingSinceMillis(), c.paired(), null, List.of());
        }

        private static long relaxAt(Candidate c) {
            return c.waitingSinceMillis() + RELAX;
        }

        private static String network(int index) {
            return "net" + index;
        }

        private static String id(int session) {
            return "s" + session;
        }

        private static String key(String session, long seq) {
            return session + "#" + seq;
        }
    }
}
