package dev.ghostline.moderation;

import dev.ghostline.moderation.api.Bodies;
import dev.ghostline.moderation.api.ModerationError;
import dev.ghostline.moderation.api.ModerationException;
import dev.ghostline.moderation.api.RequestBodies;
import dev.ghostline.moderation.core.ApiKeys;
import dev.ghostline.moderation.core.ReportStatus;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.protocol.wire.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The moderation API. Bodies are read as bytes and parsed strictly by {@link RequestBodies}; every refusal is
 * a {@link ModerationException} turned into a documented error by {@link ErrorMappers}.
 */
@Path("/v1")
@Tag(name = "moderation")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "One of ghostline.moderation.api-keys")
public class ModerationResource {
    private static final List<String> REPORT_FIELDS = List.of("ticket", "token", "reason");
    private static final List<String> REVOCATION_FIELDS = List.of("ticket", "party", "reason");
    private static final Bodies.Reasons REASONS =
            new Bodies.Reasons(Arrays.stream(ReportReason.values()).map(ReportReason::code).toList());

    private final ModerationService service;
    private final ModerationMetrics metrics;
    private final RequestBodies bodies;

    ModerationResource(ModerationService service, ModerationMetrics metrics, ModerationConfig config) {
        this.service = service;
        this.metrics = metrics;
        this.bodies = new RequestBodies(config.maxBodyBytes());
    }

    @POST
    @Path("/reports")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Report the other party of a match",
            description = "The reporter is whoever the token proves; the reported session is the ticket's other party."
                    + " Distinct reporters are distinct networks: a second report of the same session from the"
                    + " reporter's network (any of its sessions) inside the window is a duplicate.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Bodies.ReportRequest.class)))
    @APIResponse(responseCode = "200", description = "counted, duplicate or revoked",
            content = @Content(schema = @Schema(implementation = Bodies.Status.class)))
    @APIResponse(responseCode = "400", description = "malformed-body, unknown-reason", content = @Content(
            schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "403",
            description = "token-rejected (also for a revoked reporter), ticket-rejected, not-a-party",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "413", description = "body-too-large",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "415", description = "unsupported-media-type",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "429", description = "rate-limited (with Retry-After)",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "503", description = "unavailable",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "500", description = "internal",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    public Bodies.Status report(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        Map<String, String> fields = bodies.parse(contentType, body, REPORT_FIELDS);
        ReportReason reason = reason(fields.get("reason"));
        ReportStatus status = service.desk().report(fields.get("ticket"), fields.get("token"), reason);
        return new Bodies.Status(status.code());
    }

    @POST
    @Path("/revocations")
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Revoke one party of a match at once",
            description = "For trusted moderators and automated classifiers. Always answers revoked.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Bodies.RevocationRequest.class)))
    @APIResponse(responseCode = "200", description = "revoked",
            content = @Content(schema = @Schema(implementation = Bodies.Status.class)))
    @APIResponse(responseCode = "400", description = "malformed-body, unknown-reason, unknown-party",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "401", description = "unauthorized (with WWW-Authenticate)",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "403", description = "forbidden, ticket-rejected",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "413", description = "body-too-large",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "415", description = "unsupported-media-type",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "503", description = "unavailable",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "500", description = "internal",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    public Bodies.Status revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        authorize(authorization);
        Map<String, String> fields = bodies.parse(contentType, body, REVOCATION_FIELDS);
        ReportReason reason = reason(fields.get("reason"));
        Role party = Role.fromWire(fields.get("party"))
                .orElseThrow(() -> new ModerationException(ModerationError.UNKNOWN_PARTY));
        service.desk().revoke(fields.get("ticket"), party, reason);
        return new Bodies.Status(ReportStatus.REVOKED.code());
    }

    @GET
    @Path("/stats")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Aggregate counts since this replica started")
    @APIResponse(responseCode = "200", description = "the counts",
            content = @Content(schema = @Schema(implementation = Bodies.Stats.class)))
    @APIResponse(responseCode = "401", description = "unauthorized (with WWW-Authenticate)",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "403", description = "forbidden",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    @APIResponse(responseCode = "500", description = "internal",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    public Bodies.Stats stats(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        authorize(authorization);
        return metrics.stats();
    }

    @GET
    @Path("/reasons")
    @Operation(summary = "The reason codes a report may give", description = "The web client builds its menu from it.")
    @APIResponse(responseCode = "200", description = "the reasons",
            content = @Content(schema = @Schema(implementation = Bodies.Reasons.class)))
    @APIResponse(responseCode = "500", description = "internal",
            content = @Content(schema = @Schema(implementation = Bodies.Error.class)))
    public Bodies.Reasons reasons() {
        return REASONS;
    }

    private void authorize(String authorization) {
        ApiKeys.Verdict verdict = service.apiKeys().check(authorization);
        if (verdict == ApiKeys.Verdict.MISSING) {
            throw new ModerationException(ModerationError.UNAUTHORIZED);
        }
        if (verdict == ApiKeys.Verdict.REFUSED) {
            throw new ModerationException(ModerationError.FORBIDDEN);
        }
    }

    private static ReportReason reason(String code) {
        return ReportReason.fromCode(code).orElseThrow(() -> new ModerationException(ModerationError.UNKNOWN_REASON));
    }
}
