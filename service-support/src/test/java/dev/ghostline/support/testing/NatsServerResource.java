package dev.ghostline.support.testing;

import io.nats.NatsServerRunner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.logging.Level;

/**
 * A real nats-server (the Debian package, found on PATH) on a free port with JetStream, for a Quarkus test
 * class. Shared by every service through this module's test-jar. JetStream's store directory is a temporary
 * directory removed at stop; Ghostline only ever creates memory streams, so it stays empty.
 */
public class NatsServerResource implements QuarkusTestResourceLifecycleManager {
    private NatsServerRunner server;
    private Path storeDir;

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

    @Override
    public void stop() {
        if (server != null) {
            try {
                server.close();
                try (Stream<Path> files = Files.walk(storeDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not stop nats-server", e);
            }
        }
    }
}
