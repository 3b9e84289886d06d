package dev.ghostline.signaling.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The framework side of the page: the security headers on every response the pod sends (page, scripts,
 * health, errors, WebSocket refusals), the page's files from memory, and {@code /client-config.json}, the
 * little the page needs to know.
 */
@ApplicationScoped
public class WebRoutes {
    /** Runs before any other route, so even 404s and refused upgrades carry the headers. */
    private static final int FIRST = 10_000;
    /** Before Quarkus's own static handler, which cannot serve classpath files without a disk cache. */
    private static final int BEFORE_STATIC_RESOURCES = -100;
    private static final String PAGE_ROOT = "META-INF/resources";

    private final SecurityHeaders security;
    private final String clientConfig;
    private final StaticPage page = new StaticPage(PAGE_ROOT, WebRoutes.class.getClassLoader());

    WebRoutes(WebConfig config) {
        this.security = SecurityHeaders.of(config.moderationApi(), config.extraConnectSources());
        this.clientConfig = new JsonObject().put("moderationApi", security.moderationApi()).encode();
    }

    void addSecurityHeaders(@Observes Filters filters) {
        filters.register(this::secure, FIRST);
    }

    void addPage(@Observes Router router) {
        router.route(HttpMethod.GET, "/client-config.json").order(BEFORE_STATIC_RESOURCES).handler(this::clientConfig);
        router.route(HttpMethod.GET, "/*").order(BEFORE_STATIC_RESOURCES).handler(this::serve);
        router.route(HttpMethod.HEAD, "/*").order(BEFORE_STATIC_RESOURCES).handler(this::serve);
    }

    private void secure(RoutingContext context) {
        // Set when the headers are written, so no later handler can drop or weaken them.
        context.addHeadersEndHandler(ignored -> security.headers().forEach(context.response().headers()::set));
        context.next();
    }

    private void serve(RoutingContext context) {
        page.find(context.normalizedPath()).ifPresentOrElse(asset -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
                // Revalidate each time: a new release must reach every open tab's next load.
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(Buffer.buffer(asset.body())), context::next);
    }

    private void clientConfig(RoutingContext context) {
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(clientConfig);
    }
}
