package dev.ghostline.matchmaker.engine;

/**
 * Joins the engine has finished with, remembered for a while so late refreshes of them are not mistaken for
 * new waits. A paired join still accepts seat refreshes (room sessions keep their seat at the join they were
 * paired with); a cancelled or rejected join accepts nothing.
 *
 * <p>At full speed the engine settles hundreds of thousands of sessions a second, each remembered for
 * {@code rememberMillis}: millions of marks. They live in {@link SessionMarks}, which holds them in reused
 * primitive arrays rather than a map entry, a record and the session string each.
 */
final class SettledSessions {
    private final SessionMarks marks = new SessionMarks();
    private final long rememberMillis;

    SettledSessions(long rememberMillis) {
        this.rememberMillis = rememberMillis;
    }

    int size() {
        return marks.size();
    }

    boolean ignores(Candidate candidate) {
        int mark = marks.find(candidate.session());
        if (mark == SessionMarks.NOT_FOUND || candidate.joinSeq() > marks.joinSeq(mark)) {
            return false;
        }
        boolean seatRefresh = candidate.paired() && candidate.joinSeq() == marks.joinSeq(mark);
        return marks.closed(mark) || !seatRefresh;
    }

    void paired(String session, long joinSeq, long nowMillis) {
        record(session, joinSeq, false, nowMillis);
    }

    /** The join was cancelled by its pod or refused by the engine: nothing more is accepted for it. */
    void closed(String session, long joinSeq, long nowMillis) {
        record(session, joinSeq, true, nowMillis);
    }

    void forget(long nowMillis) {
        marks.forgetUntil(nowMillis);
    }

    /** A later join wins; the same join stays closed once closed. Every record restarts the memory. */
    private void record(String session, long joinSeq, boolean closed, long nowMillis) {
        int previous = marks.find(session);
        long seq = joinSeq;
        boolean isClosed = closed;
        if (previous != SessionMarks.NOT_FOUND) {
            long previousSeq = marks.joinSeq(previous);
            if (previousSeq > joinSeq) {
                seq = previousSeq;
                isClosed = marks.closed(previous);
            } else if (previousSeq == joinSeq) {
                isClosed = closed || marks.closed(previous);
            }
        }
        marks.put(session, seq, isClosed, saturatedAdd(nowMillis, rememberMillis));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }
}
