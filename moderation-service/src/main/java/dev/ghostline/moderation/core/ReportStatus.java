package dev.ghostline.moderation.core;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a report was taken. */
public enum ReportStatus {
    /**
     * Added to the reported session's tally. No threshold is reached yet, or another replica is publishing the
     * revocation at this moment.
     */
    COUNTED("counted"),
    /**
     * This reporter session already reported this match, or a report from the reporter's network (any of its
     * sessions) of this session is counted inside the window already: nothing changed.
     */
    DUPLICATE("duplicate"),
    /** The reported session is revoked: by this report, or earlier. */
    REVOKED("revoked");

    private final String code;

    ReportStatus(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
