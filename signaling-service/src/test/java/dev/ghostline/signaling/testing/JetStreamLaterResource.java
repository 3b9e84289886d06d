package dev.ghostline.signaling.testing;

import io.nats.NatsServerRunner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * A real nats-server that at first runs without JetStream, so the pod boots but cannot read the moderation
 * stream; {@link #enableJetStream()} replaces it with one that has JetStream, on the same port, and the pod's
 * connection comes back to it.
 */
public class JetStreamLaterResource implements QuarkusTestResourceLifecycleManager {
    private static NatsServerRunner server;
    private static Path storeDir;

    @Override
    public Map<String, String> start() {
        try {
            server = NatsServerRunner.builder().outputLevel(Level.WARNING).build();
        } catch (Exception e) {
            throw new IllegalStateException("could not start nats-server", e);
        }
        return Map.of("ghostline.nats.url", server.getURI());
    }

    public static synchronized void enableJetStream() throws Exception {
        int port = server.getPort();
        server.close();
        storeDir = Files.createTempDirectory("ghostline-js-");
        server = NatsServerRunner.builder()
                .port(port)
                .configInserts(List.of("jetstream { store_dir: \"" + storeDir + "\" }"))
                .outputLevel(Level.WARNING)
                .build();
    }

    @Override
    public synchronized void stop() {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
            if (storeDir != null) {
                try (Stream<Path> files = Files.walk(storeDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not stop nats-server", e);
        }
    }
}
