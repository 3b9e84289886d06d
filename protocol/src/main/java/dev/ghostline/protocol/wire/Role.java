package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

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

    /** Empty for anything but a wire code; callers answer with their own documented error. */
    public static Optional<Role> fromWire(String wire) {
        return Arrays.stream(values()).filter(role -> role.wire.equals(wire)).findFirst();
    }
}
