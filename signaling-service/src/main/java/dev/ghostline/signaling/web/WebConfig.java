package dev.ghostline.signaling.web;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * What the page served by the pod may reach besides its own origin. Environment form:
 * {@code GHOSTLINE_WEB_MODERATION_API}, {@code GHOSTLINE_WEB_EXTRA_CONNECT_SOURCES}.
 */
@ConfigMapping(prefix = "ghostline.web")
public interface WebConfig {

    /**
     * Origin of the moderation API when the ingress does not route {@code /v1/} on the page's own origin, e.g.
     * {@code https://moderation.example.org}. Unset (the default): same origin. The page learns it from
     * {@code /client-config.json} and it joins the Content-Security-Policy's {@code connect-src}.
     */
    Optional<String> moderationApi();

    /**
     * More origins the page may connect to ({@code connect-src}), e.g. {@code wss://ws.example.org}. Unset (the
     * default): only the page's own origin and the moderation API.
     */
    Optional<List<String>> extraConnectSources();
}
