package dev.ghostline.support;

import io.smallrye.config.ConfigMapping;

/** The secret shared by all Ghostline services. Environment: {@code GHOSTLINE_CLUSTER_SECRET}. */
@ConfigMapping(prefix = "ghostline.cluster")
public interface ClusterConfig {

    /**
     * At least 32 characters, e.g. {@code openssl rand -base64 32}. No default: a service refuses to start
     * without one. Give it through the environment or a Kubernetes Secret, never a ConfigMap or a file.
     */
    String secret();
}
