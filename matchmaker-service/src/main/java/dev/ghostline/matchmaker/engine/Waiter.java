package dev.ghostline.matchmaker.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A session the engine currently holds: waiting in a random pool, or occupying a room seat. The entry's
 * content is fixed for its join; only the pod and the refresh time follow later refreshes. That includes the
 * network: a refresh from another network (a resume after the client changed networks) must not change whom
 * a waiter may meet behind the pool's back, which would leave two waiters that may meet unpaired.
 */
final class Waiter {
    /** Older first: who started waiting earlier, then who reached the engine earlier. */
    static final Comparator<Waiter> AGE = Waiter::compareAge;

    /** Up to this size a scan beats building a hash set; interests are at most 10 on the wire. */
    private static final int SMALL = 16;

    final Candidate entry;
    /** Engine-wide arrival number: a total order for equal waiting times. */
    final long arrival;
    /** Distinct, in the entry's order; an array, so the pool's hot loops walk it without an iterator. */
    final String[] interests;
    private final Set<String> largeInterests;
    private final Collection<String> avoid;
    private final Collection<String> avoidNetworks;
    /** When a waiter with interests starts accepting strangers; same order as {@link #AGE}. */
    final long relaxAtMillis;

    String pod;
    long lastRefreshMillis;
    /** Random mode: accepts partners without a shared interest (no interests, or relaxed). */
    boolean open;
    /** Room mode: the seat belongs to a matched session, so it is not waiting. */
    boolean seatHeld;

    Waiter(Candidate entry, long arrival, long relaxAfterMillis, long nowMillis) {
        this.entry = entry;
        this.arrival = arrival;
        this.interests = distinct(entry.interests());
        this.largeInterests = interests.length > SMALL ? new HashSet<>(Arrays.asList(interests)) : null;
        this.avoid = lookup(entry.avoid());
        this.avoidNetworks = lookup(entry.avoidNetworks());
        long since = entry.waitingSinceMillis();
        this.relaxAtMillis = since > Long.MAX_VALUE - relaxAfterMillis ? Long.MAX_VALUE : since + relaxAfterMillis;
        this.pod = entry.pod();
        this.lastRefreshMillis = nowMillis;
        this.seatHeld = entry.paired();
    }

    String session() {
        return entry.session();
    }

    long joinSeq() {
        return entry.joinSeq();
    }

    boolean isRoom() {
        return entry.mode() == Mode.ROOM;
    }

    boolean isOpenAt(long nowMillis) {
        return interests.length == 0 || nowMillis >= relaxAtMillis;
    }

    /** Either side lists the other, or the other's network, among its recent partners'. */
    boolean avoids(Waiter other) {
        return avoid.contains(other.session()) || other.avoid.contains(session())
                || avoidsNetworkOf(other) || other.avoidsNetworkOf(this);
    }

    /** Both wait from the same known network; an unknown (null) network is shared with nobody. */
    boolean sharesNetworkWith(Waiter other) {
        String network = entry.network();
        return network != null && network.equals(other.entry.network());
    }

    private boolean avoidsNetworkOf(Waiter other) {
        String network = other.entry.network();
        return network != null && avoidNetworks.contains(network);
    }

    boolean isOlderThan(Waiter other) {
        return AGE.compare(this, other) < 0;
    }

    boolean hasInterest(String interest) {
        return largeInterests == null ? contains(interests, interests.length, interest)
                : largeInterests.contains(interest);
    }

    int commonInterestCount(Waiter other) {
        int count = 0;
        for (String interest : interests) {
            if (other.hasInterest(interest)) {
                count++;
            }
        }
        return count;
    }

    /** The shared interests in this waiter's order. */
    List<String> commonInterests(Waiter other) {
        List<String> common = new ArrayList<>();
        for (String interest : interests) {
            if (other.hasInterest(interest)) {
                common.add(interest);
            }
        }
        return common;
    }

    private static Collection<String> lookup(List<String> values) {
        return values.size() > SMALL ? new HashSet<>(values) : values;
    }

    private static String[] distinct(List<String> values) {
        if (values.size() > SMALL) {
            return new LinkedHashSet<>(values).toArray(new String[0]);
        }
        String[] distinct = new String[values.size()];
        int count = 0;
        for (int i = 0; i < values.size(); i++) {
            if (!contains(distinct, count, values.get(i))) {
                distinct[count++] = values.get(i);
            }
        }
        return count == distinct.length ? distinct : Arrays.copyOf(distinct, count);
    }

    private static boolean contains(String[] values, int count, String value) {
        for (int i = 0; i < count; i++) {
            if (values[i].equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static int compareAge(Waiter a, Waiter b) {
        int bySince = Long.compare(a.entry.waitingSinceMillis(), b.entry.waitingSinceMillis());
        return bySince != 0 ? bySince : Long.compare(a.arrival, b.arrival);
    }

    PairedSession paired() {
        return new PairedSession(session(), joinSeq(), pod, entry.network());
    }

    @Override
    public String toString() {
        return "Waiter[" + entry + "]";
    }
}
