package dev.ghostline.moderation.testing;

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
 * A real nats-server with JetStream on a free port, like service-support's NatsServerResource, that a test may
 * stop halfway ({@link #stopServer()}) to see how the service behaves without NATS.
 */
public class StoppableNatsResource implements QuarkusTestResourceLifecycleManager {
    private static NatsServerRunner server;
    private static Path storeDir;

    @Override
    public Map<String, String> start() {
        try {
            storeDir = Files.createTempDirectory("ghostline-js-");
            server = NatsServerRunner.builder()
                    .configInserts(List.of("jetstream { store_dir: \"" + storeDir + "\" }"))
                    .outputLevel(Level.WARNING)
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("could not start nats-server", e);
        }
        return Map.of("ghostline.nats.url", server.getURI());
    }

    /** Stops the server now; {@link #stop()} then only removes the store directory. */
    public static synchronized void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void stop() {
        try {
            stopServer();
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
