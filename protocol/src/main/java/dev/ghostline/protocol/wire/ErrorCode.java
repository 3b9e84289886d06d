package dev.ghostline.protocol.wire;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every error a server may put in an {@code error} frame. The wire form is the kebab-case {@link #code()};
 * docs/protocol.md has the same table. Messages that go with a code never echo client input.
 */
public enum ErrorCode {
    /** The frame is not a single JSON object. */
    MALFORMED("malformed"),
    /** The {@code type} field names no client message. */
    UNKNOWN_TYPE("unknown-type"),
    /** A field is missing, of the wrong JSON type, or outside its documented range. */
    INVALID_FIELD("invalid-field"),
    /** A {@code signal} payload is larger than the advertised {@code maxSignalBytes}. */
    SIGNAL_TOO_LARGE("signal-too-large"),
    /** A message other than {@code hello} arrived before the session was welcomed. */
    HELLO_REQUIRED("hello-required"),
    /** A second {@code hello} on a welcomed connection. */
    ALREADY_WELCOMED("already-welcomed"),
    /** {@code signal} while the session has no partner. */
    NOT_MATCHED("not-matched"),
    /** {@code join} while already queued or matched; send {@code leave} or {@code next} instead. */
    ALREADY_JOINED("already-joined"),
    /** {@code next} while neither queued nor matched. */
    NOT_JOINED("not-joined"),
    /** The connection is sending faster than its rate limit; the message was dropped. */
    RATE_LIMITED("rate-limited"),
    /** The resume token is forged, expired or revoked. The connection is closed with 4004. */
    TOKEN_REJECTED("token-rejected"),
    /**
     * New sessions from this network address are refused for a while after a session from it was revoked.
     * The connection is closed with 4003.
     */
    ADDRESS_BLOCKED("address-blocked"),
    /**
     * This network address already holds {@code max-sessions-per-address} live sessions on this pod. The
     * connection is closed with 4010; close a tab, or try again later.
     */
    TOO_MANY_SESSIONS("too-many-sessions"),
    /**
     * After a resume, some of the partner's signals after {@code lastSeq} could not be recovered (both pods of the
     * match died, or more was sent while away than a pod keeps). Restart ICE; the match goes on.
     */
    SIGNALS_LOST("signals-lost"),
    /** The private room already holds two people. */
    ROOM_FULL("room-full"),
    /** A backend dependency (the message bus) is unreachable; try again shortly. */
    UNAVAILABLE("unavailable");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
