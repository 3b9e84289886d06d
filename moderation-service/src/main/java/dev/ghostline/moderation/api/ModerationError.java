package dev.ghostline.moderation.api;

/**
 * Every error the moderation API answers, as {@code {"error": code, "message": text}} with the HTTP status.
 * The texts are fixed: nothing a client sent is ever echoed back.
 */
public enum ModerationError {
    MALFORMED_BODY(400, "malformed-body", "The body must be a JSON object with exactly the documented fields."),
    UNKNOWN_REASON(400, "unknown-reason", "The reason is not one of GET /v1/reasons."),
    UNKNOWN_PARTY(400, "unknown-party", "The party must be offerer or answerer."),
    UNAUTHORIZED(401, "unauthorized", "An Authorization: Bearer API key is required."),
    TICKET_REJECTED(403, "ticket-rejected", "The match ticket is not valid or has expired."),
    TOKEN_REJECTED(403, "token-rejected", "The session token is not valid, has expired or was revoked."),
    NOT_A_PARTY(403, "not-a-party", "The session token does not belong to either party of the match."),
    FORBIDDEN(403, "forbidden", "This API key may not use this endpoint."),
    BODY_TOO_LARGE(413, "body-too-large", "The body is larger than allowed."),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body must be sent as application/json."),
    RATE_LIMITED(429, "rate-limited", "Too many reports from this session; retry later."),
    INTERNAL(500, "internal", "Something went wrong on our side."),
    UNAVAILABLE(503, "unavailable", "The service cannot reach its store right now; retry later.");

    private final int status;
    private final String code;
    private final String message;

    ModerationError(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
