package dev.ghostline.bench.jmh;

import dev.ghostline.matchmaker.engine.Candidate;
import dev.ghostline.matchmaker.engine.MatchingEngine;
import dev.ghostline.matchmaker.engine.Outcome;
import dev.ghostline.matchmaker.engine.Pairing;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The matching engine alone: random-mode waits arrive in one lobby, each with 1 to 3 interests out of a
 * vocabulary, and pair with a waiter that shares one. The pool settles where half the arrivals find a partner
 * (about vocabulary / 12 waiters), so each pairing scans a realistic pool. Each arrival waits from a network of
 * its own, as distinct users do: the network checks run on every candidate scanned but never change who meets,
 * so the figures stay comparable with runs from before networks. Time is the real clock. The {@code pairs}
 * counter is the figure: pairs made per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MatchingEngineBench {
    private static final int PREPARED = 1 << 16;

    /** How many different interests there are; more means a larger steady pool. */
    @Param({"2000"})
    public int vocabulary;

    private MatchingEngine engine;
    private List<List<String>> interests;
    private String[] sessions;
    private long arrivals;
    private long startMillis;

    /** Pairs made, reported by JMH as a rate next to the operation rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Pairs {
        public long pairs;

        @Setup(Level.Iteration)
        public void reset() {
            pairs = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        // The matchmaker's defaults (relax after 5 s, entries live 10 s) on the real clock, so the engine's
        // memory of settled sessions is as large as it would be at the measured rate.
        engine = new MatchingEngine(5_000, 10_000);
        startMillis = System.currentTimeMillis();
        SplittableRandom random = new SplittableRandom(42);
        String[] words = new String[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            words[i] = "interest-" + i;
        }
        interests = new ArrayList<>(PREPARED);
        sessions = new String[PREPARED];
        for (int i = 0; i < PREPARED; i++) {
            int count = 1 + random.nextInt(3);
            List<String> chosen = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                chosen.add(words[random.nextInt(vocabulary)]);
            }
            interests.add(List.copyOf(new java.util.LinkedHashSet<>(chosen)));
            sessions[i] = String.format("%032x", i);
        }
    }

    @Benchmark
    public List<Outcome> arrive(Pairs pairs) {
        long n = arrivals++;
        int slot = (int) (n % PREPARED);
        // Unique session ids: the prepared ids plus a generation, so a recycled id is a new session.
        String session = sessions[slot] + (n / PREPARED);
        long now = System.currentTimeMillis() - startMillis;
        // The session id stands in for the network: unique per arrival, as distinct users' networks are, and
        // allocates nothing more per arrival.
        List<Outcome> outcomes = engine.offer(Candidate.random(session, 1, "pod-a", "en", interests.get(slot),
                List.of(), now, session, List.of()), now);
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Pairing) {
                pairs.pairs++;
            }
        }
        return outcomes;
    }
}
