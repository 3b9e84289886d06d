package dev.ghostline.support;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The service's single NATS connection. It reconnects forever; the health check reports when it is down. */
public final class NatsConnectionProducer {
    private static final Logger LOG = Logger.getLogger(NatsConnectionProducer.class);

    @Produces
    @Singleton
    Connection connection(NatsConfig config,
                          @ConfigProperty(name = "quarkus.application.name", defaultValue = "ghostline") String name)
            throws IOException, InterruptedException {
        Options options = Options.builder()
                .servers(config.url().split(","))
                .connectionName(name)
                .pingInterval(config.pingInterval())
                .reconnectWait(config.reconnectWait())
                .connectionTimeout(config.connectTimeout())
                .maxReconnects(-1)
                .connectionListener(logStateChanges())
                .errorListener(new QuietErrorListener())
                .build();
        return Nats.connectReconnectOnConnect(options);
    }

    void close(@Disposes Connection connection) throws InterruptedException {
        try {
            connection.drain(Duration.ofSeconds(2)).get();
        } catch (Exception e) {
            connection.close();
        }
    }

    /** Logs state names only: server URLs may carry credentials. */
    private static ConnectionListener logStateChanges() {
        return (connection, event) -> LOG.infof("NATS connection %s", event.name().toLowerCase());
    }
}
