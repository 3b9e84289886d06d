package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a session asks to be matched. */
public enum JoinMode {
    /** A stranger from the same lobby, preferring shared interests. */
    RANDOM("random"),
    /** Exactly the other holder of the same private room id. */
    ROOM("room");

    private final String wire;

    JoinMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
