package dev.ghostline.moderation;

import dev.ghostline.moderation.core.CorsPolicy;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies {@link CorsPolicy}. Quarkus' own CORS filter applies to every path; this one lets the browser in on
 * the two public endpoints only.
 */
public class CorsFilters {
    private static final String ORIGIN = "Origin";
    private static final String REQUEST_METHOD = "Access-Control-Request-Method";

    private final CorsPolicy policy;

    CorsFilters(ModerationConfig config) {
        this.policy = new CorsPolicy(config.allowedOrigins());
    }

    @ServerRequestFilter(preMatching = true)
    public Response preflight(ContainerRequestContext request) {
        String origin = request.getHeaderString(ORIGIN);
        String requested = request.getHeaderString(REQUEST_METHOD);
        if (!policy.isPreflight(request.getMethod(), origin, requested)) {
            return null;
        }
        Map<String, String> headers = policy.preflight(request.getUriInfo().getPath(), origin, requested);
        Response.ResponseBuilder answer = Response.status(headers.isEmpty() ? 403 : 204);
        headers.forEach(answer::header);
        return answer.build();
    }

    @ServerResponseFilter
    public void actual(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString(ORIGIN);
        if (origin != null && !"OPTIONS".equals(request.getMethod())) {
            policy.actual(request.getUriInfo().getPath(), origin).forEach(response.getHeaders()::putSingle);
        }
    }
}
