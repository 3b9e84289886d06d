package dev.ghostline.protocol.wire;

/**
 * WebSocket close codes the signaling service uses. Codes 4000-4999 are Ghostline's own;
 * docs/protocol.md documents each with what a client should do next.
 */
public enum CloseCode {
    /** The client said {@code bye}, or the session ended normally. */
    NORMAL(1000, "bye"),
    /** The pod is shutting down; resume on another pod with the token. */
    GOING_AWAY(1001, "server shutting down"),
    /** A frame or message exceeded {@code maxFrameBytes} (sent by the WebSocket layer). */
    MESSAGE_TOO_BIG(1009, "message too big"),
    /** Too many protocol errors on one connection. */
    TOO_MANY_ERRORS(4000, "too many errors"),
    /** No {@code hello} within the hello deadline. */
    HELLO_TIMEOUT(4001, "hello timeout"),
    /** The session was revoked by moderation, or its network address is blocked for a while. Do not retry at once. */
    REVOKED(4003, "revoked"),
    /** The resume token was forged, expired or revoked. Start again without a token. */
    TOKEN_REJECTED(4004, "token rejected"),
    /** The client's network address holds as many live sessions on this pod as it may. */
    TOO_MANY_SESSIONS(4010, "too many sessions"),
    /** Nothing received (not even a pong) within the idle timeout. */
    IDLE_TIMEOUT(4008, "idle timeout"),
    /** The same session was resumed on another connection. */
    SESSION_TAKEN_OVER(4009, "resumed elsewhere"),
    /** The client stopped reading: too much queued for it. */
    NOT_READING(4013, "not reading"),
    /** The connection kept sending after being rate limited. */
    FLOODING(4029, "flooding");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    /** Short, fixed close reason; never carries client data. */
    public String reason() {
        return reason;
    }
}
