package dev.ghostline.matchmaker.engine;

/** The join {@code joinSeq} of {@code session} was refused: its room already holds two people. */
public record RoomRejection(String session, long joinSeq) implements Outcome {

    @Override
    public String toString() {
        return "RoomRejection[seq " + joinSeq + "]";
    }
}
