package dev.ghostline.moderation.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ghostline.protocol.moderation.ReportReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the shared store holds for one reported session: the distinct reporters inside the window, and whether
 * the session was revoked. Immutable; every change is a new tally written with compare-and-set.
 *
 * @param revoked set by the one write that crossed a threshold (or by a moderator), so exactly one writer
 *                publishes the revocation
 * @param reports at most one per reporter, oldest first
 */
public record Tally(@JsonProperty("revoked") boolean revoked, @JsonProperty("reports") List<Entry> reports) {
    public static final Tally EMPTY = new Tally(false, List.of());

    public Tally {
        reports = List.copyOf(reports == null ? List.of() : reports);
    }

    /** One report: the reporter's session id, when (epoch ms), and why. */
    public record Entry(@JsonProperty("by") String by, @JsonProperty("at") long at,
                        @JsonProperty("reason") ReportReason reason) {
    }

    /** What adding a report does. */
    public enum Effect {
        /** The report was added and no threshold was reached. */
        COUNTED,
        /** This reporter is already counted inside the window: nothing changes. */
        ALREADY_COUNTED,
        /** The session was already revoked: nothing changes. */
        ALREADY_REVOKED,
        /** The report was added and reached a threshold: the writer of this tally must publish. */
        REVOKES
    }

    /**
     * @param next   the tally to write; {@code null} when nothing changes
     * @param reason the reason to revoke for, when {@code effect} is {@link Effect#REVOKES}
     */
    public record Change(Effect effect, Tally next, Optional<ReportReason> reason) {
    }

    /** Drops reports older than the window, then adds this one (once per reporter) and applies the rule. */
    public Change add(String reporter, ReportReason reason, long nowMillis, long windowMillis, ThresholdRule rule) {
        if (revoked) {
            return new Change(Effect.ALREADY_REVOKED, null, Optional.empty());
        }
        List<Entry> kept = new ArrayList<>(reports.size() + 1);
        for (Entry entry : reports) {
            if (entry.at() > nowMillis - windowMillis) {
                kept.add(entry);
            }
        }
        if (kept.stream().anyMatch(entry -> entry.by().equals(reporter))) {
            return new Change(Effect.ALREADY_COUNTED, null, Optional.empty());
        }
        kept.add(new Entry(reporter, nowMillis, reason));
        Optional<ReportReason> revokeFor = rule.decide(kept.stream().map(Entry::reason).toList());
        if (revokeFor.isPresent()) {
            // The reports stay, so a revocation whose publication fails can be taken back without losing them.
            return new Change(Effect.REVOKES, new Tally(true, kept), revokeFor);
        }
        return new Change(Effect.COUNTED, new Tally(false, kept), Optional.empty());
    }

    /** A moderator's revocation sets the flag, so later reports answer "revoked" and publish nothing. */
    public Change revoke() {
        return revoked ? new Change(Effect.ALREADY_REVOKED, null, Optional.empty())
                : new Change(Effect.REVOKES, new Tally(true, reports), Optional.empty());
    }

    /** Takes back a revocation that could not be published. */
    public Change unrevoke() {
        return revoked ? new Change(Effect.COUNTED, new Tally(false, reports), Optional.empty())
                : new Change(Effect.COUNTED, null, Optional.empty());
    }
}
