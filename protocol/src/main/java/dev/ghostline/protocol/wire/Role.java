package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which side of the WebRTC handshake a matched client takes. */
public enum Role {
    /** Creates the SDP offer. */
    OFFERER("offerer"),
    /** Waits for the offer and answers it. */
    ANSWERER("answerer");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public Role other() {
        return this == OFFERER ? ANSWERER : OFFERER;
    }
}
