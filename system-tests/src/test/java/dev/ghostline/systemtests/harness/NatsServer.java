package dev.ghostline.systemtests.harness;

import dev.ghostline.support.testing.FreePort;
import dev.ghostline.support.testing.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Debian nats-server binary on a free loopback port, with JetStream for the moderation stream and tallies.
 * Ghostline creates memory streams only; the store directory is separate from the working directory so the
 * zero-data test can check that it stays free of files.
 */
public final class NatsServer {
    private static final Path BINARY = Path.of(System.getProperty("ghostline.nats-server", "/usr/sbin/nats-server"));

    private final int port;
    private final ManagedProcess process;
    private final Path storeDir;

    private NatsServer(int port, ManagedProcess process, Path storeDir) {
        this.port = port;
        this.process = process;
        this.storeDir = storeDir;
    }

    public static NatsServer start(Path home) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install it with apt-get install nats-server"
                    + " (./ghostline test does)");
        }
        int port = FreePort.allocate();
        Path storeDir = home.resolve("jetstream");
        List<String> command = List.of(BINARY.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-js", "-sd", storeDir.toString());
        ManagedProcess process = ManagedProcess.start("nats", home, command, Map.of());
        process.awaitReady(Duration.ofSeconds(20), () -> Probes.natsInfo(port));
        return new NatsServer(port, process, storeDir);
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** JetStream's store directory: it must never hold a file, since every stream lives in memory. */
    public Path storeDir() {
        return storeDir;
    }

    public ManagedProcess process() {
        return process;
    }
}
