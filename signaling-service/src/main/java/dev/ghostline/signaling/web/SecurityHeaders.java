package dev.ghostline.signaling.web;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The security headers every response carries, built once from configuration. The page loads nothing from
 * other origins, runs no inline script, cannot be framed, leaks no referrer, and may connect only to its own
 * origin plus the configured ones.
 */
public final class SecurityHeaders {
    /**
     * A bare origin: scheme, host, optional port; nothing else. Anything looser could smuggle directives
     * (a {@code ;}) or wildcards into the policy.
     */
    private static final Pattern ORIGIN = Pattern.compile(
            "(https|wss|http|ws)://([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"
                    + "(:[0-9]{1,5})?");

    private final Map<String, String> headers;
    private final String moderationApi;

    private SecurityHeaders(Map<String, String> headers, String moderationApi) {
        this.headers = Map.copyOf(headers);
        this.moderationApi = moderationApi;
    }

    /** @throws IllegalArgumentException when a configured value is not a bare origin, naming the setting */
    public static SecurityHeaders of(Optional<String> moderationApi, Optional<List<String>> extraConnectSources) {
        String moderation = moderationApi.map(String::strip).filter(s -> !s.isEmpty()).orElse("");
        if (!moderation.isEmpty()) {
            requireOrigin("ghostline.web.moderation-api", moderation);
        }
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        if (!moderation.isEmpty()) {
            connect.add(moderation);
        }
        for (String source : extraConnectSources.orElse(List.of())) {
            String origin = source.strip();
            if (!origin.isEmpty()) {
                requireOrigin("ghostline.web.extra-connect-sources", origin);
                connect.add(origin);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", contentSecurityPolicy(String.join(" ", connect)));
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Permissions-Policy", "camera=(self), microphone=(self), geolocation=(), display-capture=()");
        headers.put("X-Content-Type-Options", "nosniff");
        // For browsers that predate frame-ancestors.
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        return new SecurityHeaders(headers, moderation);
    }

    /** Header name to value, in a stable order. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The moderation API's origin, or empty for the page's own origin. */
    public String moderationApi() {
        return moderationApi;
    }

    private static String contentSecurityPolicy(String connectSources) {
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self'",
                "media-src 'self'",
                "connect-src " + connectSources,
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'");
    }

    private static void requireOrigin(String setting, String value) {
        if (!ORIGIN.matcher(value).matches()) {
            // The value is configuration, not user data, but it is still left out: it may be long or odd.
            throw new IllegalArgumentException(setting + " must be a bare origin such as https://host.example:8443"
                    + " (lower-case scheme and host, no path, no wildcard)");
        }
    }
}
