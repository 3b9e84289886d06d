package dev.ghostline.matchmaker.engine;

import java.util.List;
import java.util.Objects;

/**
 * One wait entry as the engine sees it: a session asking to be matched (or, with {@code paired}, a matched
 * room session keeping its seat). {@code pod} is the signaling pod that sent it, so a partner knows where the
 * session lives. {@code lobby} matters in random mode only, {@code room} in room mode only.
 *
 * <p>{@code network} is the keyed hash of the network the session waits from, null when its pod did not say
 * (an older pod); a null network is nobody's network, so it never counts as shared or avoided.
 * {@code avoidNetworks} holds the networks of its recent partners; random mode only, like {@code avoid}.
 */
public record Candidate(String session, long joinSeq, String pod, Mode mode, String lobby, String room,
                        List<String> interests, List<String> avoid, long waitingSinceMillis, boolean paired,
                        String network, List<String> avoidNetworks) {

    public Candidate {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.RANDOM) {
            Objects.requireNonNull(lobby, "lobby");
        } else {
            Objects.requireNonNull(room, "room");
        }
        interests = interests == null ? List.of() : List.copyOf(interests);
        avoid = avoid == null ? List.of() : List.copyOf(avoid);
        avoidNetworks = avoidNetworks == null ? List.of() : List.copyOf(avoidNetworks);
    }

    /** A random-mode wait in {@code lobby}. */
    public static Candidate random(String session, long joinSeq, String pod, String lobby, List<String> interests,
                                   List<String> avoid, long waitingSinceMillis, String network,
                                   List<String> avoidNetworks) {
        return new Candidate(session, joinSeq, pod, Mode.RANDOM, lobby, null, interests, avoid,
                waitingSinceMillis, false, network, avoidNetworks);
    }

    /**
     * A room-mode entry: a wait when {@code paired} is false, a seat refresh when it is true. Its network goes
     * only into the match ticket: friends who share a code may share a network too.
     */
    public static Candidate room(String session, long joinSeq, String pod, String room, long waitingSinceMillis,
                                 boolean paired, String network) {
        return new Candidate(session, joinSeq, pod, Mode.ROOM, null, room, List.of(), List.of(),
                waitingSinceMillis, paired, network, List.of());
    }

    @Override
    public String toString() {
        // Session ids are routing addresses and networks stand for addresses: keep both out of anything
        // that might reach a log.
        return "Candidate[" + mode + ", seq " + joinSeq + (paired ? ", paired" : "") + "]";
    }
}
