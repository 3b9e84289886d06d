package dev.ghostline.signaling.session;

import dev.ghostline.protocol.wire.ErrorCode;

/**
 * Every error frame a pod sends of its own (the validator's field-by-field messages aside), each text once,
 * beside its code. The texts are fixed English and never repeat what a client sent; docs/protocol.md lists the
 * codes.
 */
public enum ErrorReply {
    HELLO_REQUIRED(ErrorCode.HELLO_REQUIRED, "send hello first, and wait for welcome"),
    ALREADY_WELCOMED(ErrorCode.ALREADY_WELCOMED, "this connection already said hello"),
    BINARY_FRAME(ErrorCode.MALFORMED, "frames must be text"),
    RATE_LIMITED(ErrorCode.RATE_LIMITED, "too many messages; this one was dropped"),
    ALREADY_JOINED(ErrorCode.ALREADY_JOINED, "already waiting or matched; send leave or next"),
    NOT_JOINED(ErrorCode.NOT_JOINED, "join first"),
    NOT_MATCHED(ErrorCode.NOT_MATCHED, "no partner to signal"),
    ROOM_FULL(ErrorCode.ROOM_FULL, "the room already holds two people"),
    SIGNALS_LOST(ErrorCode.SIGNALS_LOST, "some of the partner's signals were lost; restart ICE"),
    TOKEN_REJECTED(ErrorCode.TOKEN_REJECTED, "the token is not valid; start without one"),
    ADDRESS_BLOCKED(ErrorCode.ADDRESS_BLOCKED, "new sessions from this network are paused"),
    NO_NEW_MATCH(ErrorCode.ADDRESS_BLOCKED, "this network may not meet new people for a while"),
    TOO_MANY_SESSIONS(ErrorCode.TOO_MANY_SESSIONS, "too many sessions from this network; close one and retry"),
    BUS_UNREACHABLE(ErrorCode.UNAVAILABLE, "the message bus is unreachable; try again"),
    POD_STARTING(ErrorCode.UNAVAILABLE, "this pod is starting; connect again shortly"),
    RESUME_FAILED(ErrorCode.UNAVAILABLE, "resume failed; reconnect and try again");

    private final ErrorCode code;
    private final String text;

    ErrorReply(ErrorCode code, String text) {
        this.code = code;
        this.text = text;
    }

    public ErrorCode code() {
        return code;
    }

    public String text() {
        return text;
    }

    /**
     * The reply for a code another service decided (the matchmaker refusing a join): the first reply with that
     * code, so the text always fits the code that arrived.
     */
    public static ErrorReply forCode(ErrorCode code) {
        for (ErrorReply reply : values()) {
            if (reply.code == code) {
                return reply;
            }
        }
        throw new IllegalArgumentException("no reply text for " + code);
    }
}
