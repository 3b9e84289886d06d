package dev.ghostline.signaling.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready before the moderation stream is replayed: until then a revoked token or blocked address could pass. */
@Readiness
@ApplicationScoped
public class ModerationReadiness implements HealthCheck {
    private final ModerationFeed feed;

    ModerationReadiness(ModerationFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("moderation-stream").status(feed.caughtUp()).build();
    }
}
