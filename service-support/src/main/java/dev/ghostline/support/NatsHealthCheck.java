package dev.ghostline.support;

import io.nats.client.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while connected to NATS: without the bus a pod can neither match nor relay. */
@Readiness
@ApplicationScoped
public class NatsHealthCheck implements HealthCheck {
    private final Connection connection;

    NatsHealthCheck(Connection connection) {
        this.connection = connection;
    }

    @Override
    public HealthCheckResponse call() {
        Connection.Status status = connection.getStatus();
        return HealthCheckResponse.named("nats")
                .status(status == Connection.Status.CONNECTED)
                .withData("status", status.name().toLowerCase())
                .build();
    }
}
