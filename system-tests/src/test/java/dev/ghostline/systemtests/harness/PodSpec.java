package dev.ghostline.systemtests.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to configure one signaling pod: its id and environment overrides on top of the cluster defaults
 * (NATS URL, cluster secret, port, allowed origin {@link GhostlineCluster#ALLOWED_ORIGIN}).
 */
public record PodSpec(String id, Map<String, String> env) {

    public PodSpec {
        env = Map.copyOf(env);
    }

    public static PodSpec named(String id) {
        return new PodSpec(id, Map.of());
    }

    /** A copy with one more environment variable, e.g. {@code GHOSTLINE_SIGNALING_RATE_BURST}. */
    public PodSpec with(String variable, String value) {
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(variable, value);
        return new PodSpec(id, more);
    }

    /** Honour X-Forwarded-For from connections coming from loopback, as behind a local reverse proxy. */
    public PodSpec trustingLoopbackProxy() {
        return with("GHOSTLINE_SIGNALING_TRUSTED_PROXIES", "127.0.0.1");
    }
}
