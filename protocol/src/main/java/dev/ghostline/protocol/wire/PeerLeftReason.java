package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a partner is gone, as told to the one who stays. */
public enum PeerLeftReason {
    /** The partner pressed next. */
    NEXT("next"),
    /** The partner sent leave. */
    LEFT("left"),
    /** The partner sent bye and ended the session. */
    BYE("bye"),
    /** The partner's connection dropped and was not resumed within the resume window. */
    TIMEOUT("timeout"),
    /** The partner's session was revoked by moderation. */
    REVOKED("revoked");

    private final String wire;

    PeerLeftReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
