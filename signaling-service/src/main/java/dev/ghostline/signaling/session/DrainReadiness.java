package dev.ghostline.signaling.session;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Down while the pod drains, so the load balancer stops sending new clients here. */
@Readiness
@ApplicationScoped
public class DrainReadiness implements HealthCheck {
    private final PodDrain drain;

    DrainReadiness(PodDrain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("not-draining").status(!drain.draining()).build();
    }
}
