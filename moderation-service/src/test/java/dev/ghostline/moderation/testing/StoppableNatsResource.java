package dev.ghostline.moderation.testing;

import dev.ghostline.support.testing.NatsProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real nats-server with JetStream on a free port, like service-support's NatsServerResource, that a test may
 * stop halfway ({@link #stopServer()}) to see how the service behaves without NATS.
 */
public class StoppableNatsResource implements QuarkusTestResourceLifecycleManager {
    private static NatsProcess server;

    @Override
    public Map<String, String> start() {
        server = NatsProcess.withJetStream();
        return Map.of("ghostline.nats.url", server.url());
    }

    /** Stops the server now; {@link #stop()} then has nothing left to do. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void stop() {
        stopServer();
    }
}
