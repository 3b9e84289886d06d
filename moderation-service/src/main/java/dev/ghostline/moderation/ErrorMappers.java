package dev.ghostline.moderation;

import dev.ghostline.moderation.api.Bodies;
import dev.ghostline.moderation.api.ModerationError;
import dev.ghostline.moderation.api.ModerationException;
import dev.ghostline.moderation.core.StoreUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into a documented error body; logs only the kind of an unexpected one. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final String CHALLENGE = "Bearer realm=\"ghostline-moderation\"";

    private final ModerationMetrics metrics;

    ErrorMappers(ModerationMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response refused(ModerationException e) {
        Response.ResponseBuilder response = answer(e.error());
        if (e.retryAfterSeconds() > 0) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        if (e.error() == ModerationError.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unavailable(StoreUnavailableException e) {
        LOG.warnf("moderation store unavailable: %s", e.getMessage());
        return answer(ModerationError.UNAVAILABLE).build();
    }

    /** The REST layer's own answers (404, 405) pass through; anything else is our fault. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse();
        }
        // The class name only: a message or stack trace could carry request content.
        LOG.errorf("moderation request failed: %s", e.getClass().getSimpleName());
        return answer(ModerationError.INTERNAL).build();
    }

    private Response.ResponseBuilder answer(ModerationError error) {
        metrics.rejected(error);
        return Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Bodies.Error(error.code(), error.message()));
    }
}
