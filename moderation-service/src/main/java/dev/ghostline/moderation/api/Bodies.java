package dev.ghostline.moderation.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON bodies of the moderation API (requests are parsed by {@link RequestBodies}, these document them). */
public final class Bodies {
    private Bodies() {
    }

    @Schema(name = "ReportRequest", description = "A report by one party of a match against the other.")
    public record ReportRequest(
            @Schema(required = true, description = "The match ticket both parties received in `matched`.")
            String ticket,
            @Schema(required = true, description = "The reporter's own session token (from `welcome`);"
                    + " refused once its session is revoked.")
            String token,
            @Schema(required = true, description = "One of GET /v1/reasons.", enumeration = {"harassment", "hate",
                    "sexual-content", "minor-safety", "violence", "spam"})
            String reason) {
    }

    @Schema(name = "RevocationRequest", description = "A moderator's or classifier's revocation of one party.")
    public record RevocationRequest(
            @Schema(required = true, description = "The match ticket.") String ticket,
            @Schema(required = true, enumeration = {"offerer", "answerer"},
                    description = "Which party to revoke: the offerer (ticket's a) or the answerer (b).")
            String party,
            @Schema(required = true, description = "One of GET /v1/reasons.", enumeration = {"harassment", "hate",
                    "sexual-content", "minor-safety", "violence", "spam"})
            String reason) {
    }

    @Schema(name = "Status", description = "How a report or revocation was taken.")
    public record Status(
            @Schema(required = true, enumeration = {"counted", "duplicate", "revoked"}) String status) {
    }

    @Schema(name = "Error", description = "A documented error; the message is fixed text.")
    public record Error(
            @Schema(required = true, example = "ticket-rejected") String error,
            @Schema(required = true) String message) {
    }

    @Schema(name = "Reasons", description = "The fixed list of reasons, in menu order.")
    public record Reasons(@Schema(required = true) List<String> reasons) {
    }

    @Schema(name = "Stats", description = "Counts since this replica started. No ids, no per-session data.")
    public record Stats(
            @Schema(required = true, description = "Reports taken, by answer status.")
            Map<String, Long> reports,
            @Schema(required = true, description = "Requests refused, by error code.")
            Map<String, Long> rejected,
            @Schema(required = true, description = "Revocations published, by source (reports, api) then reason.")
            Map<String, Map<String, Long>> revocations) {
    }
}
