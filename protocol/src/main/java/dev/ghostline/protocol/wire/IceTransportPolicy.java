package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.annotation.JsonValue;

/** RTCConfiguration.iceTransportPolicy the client must use. */
public enum IceTransportPolicy {
    /** Direct, STUN and TURN candidates. */
    ALL("all"),
    /** TURN relay only: the partner never learns the client's IP address (RFC 8828 mode 3). */
    RELAY("relay");

    private final String wire;

    IceTransportPolicy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
