package dev.ghostline.signaling.testing;

import dev.ghostline.support.testing.NatsProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real nats-server that at first runs without JetStream, so the pod boots but cannot read the moderation
 * stream; {@link #enableJetStream()} replaces it with one that has JetStream, on the same port, and the pod's
 * connection comes back to it.
 */
public class JetStreamLaterResource implements QuarkusTestResourceLifecycleManager {
    private static NatsProcess server;

    @Override
    public Map<String, String> start() {
        server = NatsProcess.withoutJetStream();
        return Map.of("ghostline.nats.url", server.url());
    }

    public static synchronized void enableJetStream() {
        int port = server.port();
        server.close();
        server = NatsProcess.withJetStream(port);
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
        }
    }
}
