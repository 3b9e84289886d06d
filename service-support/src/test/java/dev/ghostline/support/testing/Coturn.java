package dev.ghostline.systemtests.browser;

import dev.ghostline.systemtests.harness.FreePort;
import dev.ghostline.systemtests.harness.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real coturn on loopback, started through {@code turn-config/start-coturn.sh} with the production template
 * and {@code turn-config/test-overlay.conf} (which alone allows relaying to loopback peers), as the turn-config
 * module's own tests do. Its rendered config, pid file and log live under the process's home, which the
 * stack deletes.
 */
final class Coturn {
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final int RELAY_PORTS = 200;

    private final int port;
    private final ManagedProcess process;

    private Coturn(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    static Coturn start(Path home, Path reactorRoot, String secret) {
        return start(home, reactorRoot, secret, FreePort.allocateTcpAndUdp());
    }

    /** On {@code port}: a restarted coturn must be where the pods' TURN URL says, with the same secret. */
    static Coturn start(Path home, Path reactorRoot, String secret, int port) {
        Path turnConfig = reactorRoot.resolve("turn-config");
        try {
            Path runtime = Files.createDirectories(home.resolve("runtime"));
            // Above FreePort's ports and below the kernel's ephemeral range, so no other test process is given one.
            int minRelay = ThreadLocalRandom.current().nextInt(20000, 30000);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TURN_SECRET", secret);
            env.put("TURN_REALM", "ghostline.test");
            env.put("TURN_LISTENING_IP", "127.0.0.1");
            env.put("TURN_RELAY_IP", "127.0.0.1");
            env.put("TURN_EXTERNAL_IP", "127.0.0.1/127.0.0.1");
            env.put("TURN_TLS_CERT", runtime.resolve("no-cert.pem").toString());
            env.put("TURN_TLS_PKEY", runtime.resolve("no-key.pem").toString());
            env.put("RUNTIME_DIR", runtime.toString());
            env.put("TURN_TEST_OVERLAY", turnConfig.resolve("test-overlay.conf").toString());
            env.put("TURN_TEST_PORT", Integer.toString(port));
            env.put("TURN_TEST_MIN_PORT", Integer.toString(minRelay));
            env.put("TURN_TEST_MAX_PORT", Integer.toString(minRelay + RELAY_PORTS));
            List<String> command = List.of(turnConfig.resolve("start-coturn.sh").toString());
            ManagedProcess process = ManagedProcess.start("coturn", home, command, env);
            process.awaitReady(STARTUP, () -> listening(port));
            return new Coturn(port, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start coturn", e);
        }
    }

    /** The URL the signaling pods hand to browsers. */
    String udpUrl() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    int port() {
        return port;
    }

    ManagedProcess process() {
        return process;
    }

    /** coturn opens its UDP and TCP listeners together; the TCP one can be probed without speaking TURN. */
    private static boolean listening(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
