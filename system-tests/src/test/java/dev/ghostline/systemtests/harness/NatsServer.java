package dev.ghostline.systemtests.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Debian nats-server binary on a free loopback port. Core NATS only: nothing it holds survives a restart. */
public final class NatsServer {
    private static final Path BINARY = Path.of(System.getProperty("ghostline.nats-server", "/usr/sbin/nats-server"));

    private final int port;
    private final ManagedProcess process;

    private NatsServer(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    public static NatsServer start(Path home) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install it with apt-get install nats-server"
                    + " (./ghostline test does)");
        }
        int port = FreePort.allocate();
        List<String> command = List.of(BINARY.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port));
        ManagedProcess process = ManagedProcess.start("nats", home, command, Map.of());
        process.awaitReady(Duration.ofSeconds(20), () -> Probes.natsInfo(port));
        return new NatsServer(port, process);
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public ManagedProcess process() {
        return process;
    }
}
