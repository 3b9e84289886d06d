package dev.ghostline.moderation.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-origin access for the web client: only the public paths, only from exact allowed origins, no
 * credentials. The protected endpoints answer no cross-origin request at all, so a browser page can never
 * use a moderator's key.
 */
public final class CorsPolicy {
    /** Path → the one method a browser may use on it. */
    private static final Map<String, String> PUBLIC_PATHS = Map.of("/v1/reports", "POST", "/v1/reasons", "GET");
    private static final String MAX_AGE_SECONDS = "600";

    private final Set<String> allowedOrigins;

    public CorsPolicy(List<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** Headers answering a preflight; empty when the preflight is refused. */
    public Map<String, String> preflight(String path, String origin, String requestedMethod) {
        String method = PUBLIC_PATHS.get(path);
        if (method == null || !allowedOrigins.contains(origin) || !method.equals(requestedMethod)) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>(actual(path, origin));
        headers.put("Access-Control-Allow-Methods", method);
        headers.put("Access-Control-Allow-Headers", "Content-Type");
        headers.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
        return headers;
    }

    /** Headers for the actual cross-origin request; empty when it may not be read by the page. */
    public Map<String, String> actual(String path, String origin) {
        if (!PUBLIC_PATHS.containsKey(path) || origin == null || !allowedOrigins.contains(origin)) {
            return Map.of();
        }
        return Map.of("Access-Control-Allow-Origin", origin, "Vary", "Origin");
    }

    public boolean isPreflight(String httpMethod, String origin, String requestedMethod) {
        return "OPTIONS".equals(httpMethod) && origin != null && requestedMethod != null;
    }
}
