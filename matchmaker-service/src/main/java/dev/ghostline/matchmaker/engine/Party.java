package dev.ghostline.matchmaker.engine;

/** One side of a pairing: who, at which join, and on which pod it was last seen. */
public record Party(String session, long joinSeq, String pod) {

    @Override
    public String toString() {
        return "Party[seq " + joinSeq + "]";
    }
}
