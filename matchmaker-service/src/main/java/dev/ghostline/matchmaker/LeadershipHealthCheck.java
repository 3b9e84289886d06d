package dev.ghostline.matchmaker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether this instance leads. Always UP: a standby is healthy and ready to take over, and it receives
 * no traffic that readiness could hold back (the matchmaker serves only the bus). Whether it can reach NATS is
 * the separate "nats" check.
 */
@Readiness
@ApplicationScoped
public class LeadershipHealthCheck implements HealthCheck {
    private final MatchmakerService service;

    LeadershipHealthCheck(MatchmakerService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("matchmaker-leadership")
                .up()
                .withData("role", service.role().name().toLowerCase());
        // Kubernetes mode: how long ago the elector last tried to acquire or renew (a watchdog restarts it when
        // it falls silent); static mode has no election to report.
        service.electionActivityAgeMillis().ifPresent(age -> response.withData("election-activity-age-ms", age));
        return response.build();
    }
}
