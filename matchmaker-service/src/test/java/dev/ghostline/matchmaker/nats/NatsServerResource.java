package dev.ghostline.matchmaker.nats;

import io.nats.NatsServerRunner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.logging.Level;

/** A real nats-server (from PATH) on a free port for the test's lifetime. */
public class NatsServerResource implements QuarkusTestResourceLifecycleManager {
    private NatsServerRunner server;

    @Override
    public Map<String, String> start() {
        try {
            server = NatsServerRunner.builder().outputLevel(Level.WARNING).build();
        } catch (Exception e) {
            throw new IllegalStateException("could not start nats-server", e);
        }
        return Map.of("ghostline.nats.url", server.getURI());
    }

    @Override
    public void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop nats-server", e);
            }
        }
    }
}
