package dev.ghostline.support.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real nats-server with JetStream on a free port, for a Quarkus test class (or a plain test that calls
 * {@link #start()} and {@link #stop()} itself). Shared by every service through this module's test-jar.
 */
public class NatsServerResource implements QuarkusTestResourceLifecycleManager {
    private NatsProcess server;

    @Override
    public Map<String, String> start() {
        server = NatsProcess.withJetStream();
        return Map.of("ghostline.nats.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
