package dev.ghostline.signaling.testing;

import io.nats.NatsServerRunner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real nats-server (the Debian package, found on PATH) on a free port, for the life of the test class. */
public class NatsServerResource implements QuarkusTestResourceLifecycleManager {
    private NatsServerRunner server;

    @Override
    public Map<String, String> start() {
        try {
            server = NatsServerRunner.builder().build();
        } catch (Exception e) {
            throw new IllegalStateException("nats-server did not start; is the nats-server package installed?", e);
        }
        return Map.of("ghostline.nats.url", server.getURI());
    }

    @Override
    public void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
