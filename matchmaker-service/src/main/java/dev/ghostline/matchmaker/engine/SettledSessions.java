package dev.ghostline.matchmaker.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Joins the engine has finished with, remembered for a while so late refreshes of them are not mistaken for
 * new waits. A paired join still accepts seat refreshes (room sessions keep their seat at the join they were
 * paired with); a cancelled or rejected join accepts nothing.
 */
final class SettledSessions {
    private record Mark(long joinSeq, boolean closed, long forgetAtMillis) {
    }

    /** Oldest mark first: every update re-inserts, and forget times only grow. */
    private final LinkedHashMap<String, Mark> marks = new LinkedHashMap<>();
    private final long rememberMillis;

    SettledSessions(long rememberMillis) {
        this.rememberMillis = rememberMillis;
    }

    int size() {
        return marks.size();
    }

    boolean ignores(Candidate candidate) {
        Mark mark = marks.get(candidate.session());
        if (mark == null || candidate.joinSeq() > mark.joinSeq) {
            return false;
        }
        boolean seatRefresh = candidate.paired() && candidate.joinSeq() == mark.joinSeq;
        return mark.closed || !seatRefresh;
    }

    void paired(String session, long joinSeq, long nowMillis) {
        record(session, joinSeq, false, nowMillis);
    }

    /** The join was cancelled by its pod or refused by the engine: nothing more is accepted for it. */
    void closed(String session, long joinSeq, long nowMillis) {
        record(session, joinSeq, true, nowMillis);
    }

    void forget(long nowMillis) {
        Iterator<Map.Entry<String, Mark>> oldestFirst = marks.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().forgetAtMillis <= nowMillis) {
            oldestFirst.remove();
        }
    }

    private void record(String session, long joinSeq, boolean closed, long nowMillis) {
        Mark previous = marks.remove(session);
        long seq = joinSeq;
        boolean isClosed = closed;
        if (previous != null && previous.joinSeq > joinSeq) {
            seq = previous.joinSeq;
            isClosed = previous.closed;
        } else if (previous != null && previous.joinSeq == joinSeq) {
            isClosed = closed || previous.closed;
        }
        marks.put(session, new Mark(seq, isClosed, saturatedAdd(nowMillis, rememberMillis)));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }
}
