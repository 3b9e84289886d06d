package dev.ghostline.matchmaker.engine;

/**
 * One side of a pairing: who, at which join, on which pod it was last seen, and the network it waited from
 * (null when its pod did not say), which the match ticket records.
 */
public record Party(String session, long joinSeq, String pod, String network) {

    @Override
    public String toString() {
        return "Party[seq " + joinSeq + "]";
    }
}
