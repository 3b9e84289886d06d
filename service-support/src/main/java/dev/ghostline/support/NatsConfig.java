package dev.ghostline.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service reaches NATS. Environment: {@code GHOSTLINE_NATS_URL}, and so on. */
@ConfigMapping(prefix = "ghostline.nats")
public interface NatsConfig {

    /** Comma-separated server URLs, e.g. {@code nats://nats-0:4222,nats://nats-1:4222}. */
    @WithDefault("nats://127.0.0.1:4222")
    String url();

    /**
     * Client ping interval. jnats' default of 2 minutes would leave a silently dead server unnoticed for
     * minutes; a few seconds bounds that.
     */
    @WithDefault("5s")
    Duration pingInterval();

    /** Wait between reconnect attempts. */
    @WithDefault("1s")
    Duration reconnectWait();

    /** Time allowed for the initial connect to each server. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * Replicas of Ghostline's JetStream streams and buckets (all in memory storage). 1 for a single server;
     * 3 in a three-node cluster, so a NATS node may die without losing revocations or tallies.
     */
    @WithDefault("1")
    int streamReplicas();
}
