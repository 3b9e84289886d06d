package dev.ghostline.matchmaker.engine;

/**
 * One session as a pairing took it: which session, at which join, on which pod it was last seen, and the
 * network it waited from (null when its pod did not say), which the match ticket records.
 */
public record PairedSession(String session, long joinSeq, String pod, String network) {

    @Override
    public String toString() {
        return "PairedSession[seq " + joinSeq + "]";
    }
}
