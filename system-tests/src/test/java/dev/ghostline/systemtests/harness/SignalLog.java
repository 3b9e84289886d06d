package dev.ghostline.systemtests.harness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The signals one client received, in arrival order: the server's {@code seq} and the number the partner put
 * in the payload. Kept across the client's connections, because exactly-once is a promise about the whole
 * match, not about one socket.
 */
public final class SignalLog {
    /** A signal that came without {@code seq}: a server that does not number its signals. */
    public static final long NO_SEQ = -1;
    /** How many numbers of each kind a failure message lists; the counts are always complete. */
    private static final int LISTED = 20;

    /** One received signal; {@code connection} counts the client's sockets from 1. */
    public record Entry(int connection, long seq, int n) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private long lastSeq;

    synchronized void add(Entry entry) {
        entries.add(entry);
        if (entry.seq() != NO_SEQ) {
            lastSeq = entry.seq();
        }
    }

    /** What a resuming hello says it has: the {@code seq} of the last signal received (0 when none). */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    public synchronized boolean has(int n) {
        return entries.stream().anyMatch(entry -> entry.n() == n);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The numbers that came on one connection, in order. */
    public synchronized List<Integer> numbersOn(int connection) {
        return entries.stream().filter(entry -> entry.connection() == connection).map(Entry::n).toList();
    }

    /**
     * The numbers of each connection as runs in arrival order, e.g. {@code {1=[1-47], 2=[1-47, 50-301]}}: where a
     * replay started again or skipped shows at a glance.
     */
    public synchronized Map<Integer, List<String>> runsByConnection() {
        Map<Integer, List<String>> runs = new TreeMap<>();
        int start = 0;
        int previous = 0;
        int connection = 0;
        for (Entry entry : entries) {
            boolean continues = entry.connection() == connection && entry.n() == previous + 1;
            if (!continues) {
                closeRun(runs, connection, start, previous);
                start = entry.n();
                connection = entry.connection();
            }
            previous = entry.n();
        }
        closeRun(runs, connection, start, previous);
        return runs;
    }

    private static void closeRun(Map<Integer, List<String>> runs, int connection, int start, int end) {
        if (connection > 0) {
            runs.computeIfAbsent(connection, c -> new ArrayList<>()).add(start == end ? "" + start : start + "-" + end);
        }
    }

    /** Counts what arrived against 1..{@code expected}, each number once and in order. */
    public synchronized Tally tally(int expected) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> duplicates = new ArrayList<>();
        List<Integer> outOfOrder = new ArrayList<>();
        List<String> seqMismatches = new ArrayList<>();
        int highest = 0;
        for (Entry entry : entries) {
            if (!seen.add(entry.n())) {
                duplicates.add(entry.n());
            } else if (entry.n() < highest) {
                outOfOrder.add(entry.n());
            }
            highest = Math.max(highest, entry.n());
            if (entry.seq() != entry.n()) {
                seqMismatches.add("n " + entry.n() + " had seq " + (entry.seq() == NO_SEQ ? "none" : entry.seq()));
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int n = 1; n <= expected; n++) {
            if (!seen.contains(n)) {
                missing.add(n);
            }
        }
        List<Integer> unexpected = seen.stream().filter(n -> n < 1 || n > expected).sorted().toList();
        return new Tally(expected, entries.size(), seen.size(), duplicates, missing, outOfOrder, unexpected,
                seqMismatches);
    }

    /**
     * What a client received measured against the numbers 1..expected its partner sent. {@code seqMismatches}
     * matters only for numbered senders: each direction's {@code seq} counts from 1 without gaps, so once every
     * number arrives exactly once in order, the n-th signal must carry seq n.
     */
    public record Tally(int expected, int received, int distinct, List<Integer> duplicates, List<Integer> missing,
                        List<Integer> outOfOrder, List<Integer> unexpected, List<String> seqMismatches) {

        public boolean everyNumberOnceInOrder() {
            return received == expected && distinct == expected && duplicates.isEmpty() && missing.isEmpty()
                    && outOfOrder.isEmpty() && unexpected.isEmpty();
        }

        /** What an unnumbered sender may expect after a pod died: gaps allowed, nothing twice, nothing reordered. */
        public boolean nothingTwiceNothingReordered() {
            return duplicates.isEmpty() && outOfOrder.isEmpty() && unexpected.isEmpty();
        }

        @Override
        public String toString() {
            return "sent 1.." + expected + ", received " + received + " (" + distinct + " distinct); duplicates "
                    + listed(duplicates) + "; missing " + listed(missing) + "; out of order " + listed(outOfOrder)
                    + "; unexpected " + listed(unexpected) + "; seq≠n " + listed(seqMismatches);
        }

        private static String listed(List<?> items) {
            if (items.size() <= LISTED) {
                return items.size() + " " + items;
            }
            return items.size() + " " + items.subList(0, LISTED).toString().replace("]", ", …]");
        }
    }
}
