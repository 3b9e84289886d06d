package dev.ghostline.support.testing;

import io.nats.NatsServerRunner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.logging.Level;

/** A real nats-server (the Debian package, found on PATH) on a free port, for a Quarkus test class. Shared by every service through this module's test-jar. */
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
