package dev.ghostline.moderation;

import io.quarkiverse.reactive.messaging.nats.jetstream.client.connection.ConnectionImpl;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * Gives the JetStream messaging connector the service's own NATS connection (from service-support) instead of
 * a second one of its own. The connector's factory would add a second bean of type
 * {@code io.nats.client.Connection}, which makes every injection of it ambiguous; it is excluded in
 * application.properties ({@code quarkus.arc.exclude-types}), and this producer is typed to the connector's
 * interface only. One connection also means one set of settings ({@code ghostline.nats.*}) and one quiet
 * error listener that never logs subjects.
 */
public class MessagingConnection {

    @Produces
    @Singleton
    @Typed(io.quarkiverse.reactive.messaging.nats.jetstream.client.connection.Connection.class)
    io.quarkiverse.reactive.messaging.nats.jetstream.client.connection.Connection messagingConnection(
            io.nats.client.Connection connection) {
        return new ConnectionImpl(connection);
    }
}
