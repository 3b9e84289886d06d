package dev.ghostline.protocol.moderation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * The fixed list of reasons a report or revocation may give. There is no free text anywhere in moderation:
 * what is not on this list cannot be said, so nothing personal can be stored by accident.
 */
public enum ReportReason {
    /** Insults, threats or stalking aimed at the reporter. */
    HARASSMENT("harassment"),
    /** Attacks on a group: slurs, hateful symbols. */
    HATE("hate"),
    /** Nudity or sexual acts the reporter did not ask for. */
    SEXUAL_CONTENT("sexual-content"),
    /** The other person appears to be a minor, or targets one. */
    MINOR_SAFETY("minor-safety"),
    /** Violence, weapons or self-harm shown or threatened. */
    VIOLENCE("violence"),
    /** Advertising, scams, bots, links. */
    SPAM("spam");

    private final String code;

    ReportReason(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** Empty for anything not on the list; callers answer with their documented "unknown reason" error. */
    public static Optional<ReportReason> fromCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }

    @JsonCreator
    static ReportReason json(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown reason"));
    }
}
