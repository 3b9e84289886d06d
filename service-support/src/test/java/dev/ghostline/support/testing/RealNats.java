package dev.ghostline.support.testing;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real nats-server with JetStream for a plain test class, started before its tests and stopped after them
 * with every connection it handed out: {@code @RegisterExtension static final RealNats NATS = new RealNats();}.
 */
public final class RealNats implements BeforeAllCallback, AfterAllCallback {
    private final List<Connection> connections = new ArrayList<>();
    private NatsProcess server;
    private Connection connection;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = NatsProcess.withJetStream();
        connection = connect();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Connection open : connections) {
            open.close();
        }
        connections.clear();
        server.close();
    }

    /** The connection the test class shares. */
    public Connection connection() {
        return connection;
    }

    /** Another connection of its own, e.g. one per replica; closed with the server. */
    public synchronized Connection connect() throws Exception {
        Connection opened = Nats.connect(server.url());
        connections.add(opened);
        return opened;
    }

    public String url() {
        return server.url();
    }
}
