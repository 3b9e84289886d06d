package dev.ghostline.support.testing;

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
import java.util.function.Predicate;

/**
 * A real coturn on loopback, started through {@code turn-config/start-coturn.sh} as in production (the template
 * rendered from the environment, the secret appended to the rendered copy only) plus {@code test-overlay.conf},
 * which alone allows relaying to loopback peers. The rendered config, pid file and {@code turn.log} live under
 * the home directory it is started in, which the caller owns and deletes.
 */
public final class Coturn implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(20);
    /** Above {@link FreePort}'s ports and, with the range, below the kernel's ephemeral ones. */
    private static final int LOWEST_RELAY_PORT = FreePort.HIGHEST + 1;
    private static final int RELAY_PORTS = 200;

    private final int port;
    private final Path runtimeDir;
    private final ManagedProcess process;

    private Coturn(int port, Path runtimeDir, ManagedProcess process) {
        this.port = port;
        this.runtimeDir = runtimeDir;
        this.process = process;
    }

    /** coturn with the test overlay as it is, on a free port; {@code turnConfig} is the turn-config module. */
    public static Launch launch(Path turnConfig, String secret) {
        return new Launch(turnConfig, secret);
    }

    /** What to start: the defaults suit a relay for local clients; turn-config's own tests change some. */
    public static final class Launch {
        private final Path turnConfig;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Integer port;
        private Predicate<String> overlayLines = line -> true;

        private Launch(Path turnConfig, String secret) {
            this.turnConfig = turnConfig;
            env.put("TURN_SECRET", secret);
            env.put("TURN_REALM", "ghostline.test");
            env.put("TURN_LISTENING_IP", "127.0.0.1");
            env.put("TURN_RELAY_IP", "127.0.0.1");
            env.put("TURN_EXTERNAL_IP", "127.0.0.1/127.0.0.1");
        }

        /** On {@code port}: a restarted coturn must be where the pods' TURN URL says. */
        public Launch port(int port) {
            this.port = port;
            return this;
        }

        /** One more start-coturn.sh variable, or another value for one of the defaults. */
        public Launch env(String variable, String value) {
            env.put(variable, value);
            return this;
        }

        /** Leaves out the overlay lines {@code drop} matches, e.g. to put production rules back in force. */
        public Launch withoutOverlayLines(Predicate<String> drop) {
            overlayLines = overlayLines.and(drop.negate());
            return this;
        }

        /** Starts it in {@code home} and returns once it listens; stops it again if it does not. */
        public Coturn start(Path home) {
            int listening = port != null ? port : FreePort.allocateTcpAndUdp();
            try {
                Path runtime = Files.createDirectories(home.resolve("runtime"));
                Path overlay = home.resolve("overlay.conf");
                Files.write(overlay, Files.readAllLines(turnConfig.resolve("test-overlay.conf")).stream()
                        .filter(overlayLines).toList());
                int lowestRelay = ThreadLocalRandom.current().nextInt(LOWEST_RELAY_PORT, LOWEST_RELAY_PORT + 10_000);
                Map<String, String> variables = new LinkedHashMap<>(env);
                variables.put("TURN_TLS_CERT", runtime.resolve("no-cert.pem").toString());
                variables.put("TURN_TLS_PKEY", runtime.resolve("no-key.pem").toString());
                variables.put("RUNTIME_DIR", runtime.toString());
                variables.put("TURN_TEST_OVERLAY", overlay.toString());
                variables.put("TURN_TEST_PORT", Integer.toString(listening));
                variables.put("TURN_TEST_MIN_PORT", Integer.toString(lowestRelay));
                variables.put("TURN_TEST_MAX_PORT", Integer.toString(lowestRelay + RELAY_PORTS));
                List<String> command = List.of(turnConfig.resolve("start-coturn.sh").toString());
                ManagedProcess process = ManagedProcess.start("coturn", home, command, variables);
                Coturn coturn = new Coturn(listening, runtime, process);
                coturn.awaitListening();
                return coturn;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start coturn", e);
            }
        }
    }

    /** The URL signaling pods hand to browsers. */
    public String udpUrl() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    public int port() {
        return port;
    }

    /** The config start-coturn.sh rendered, secret included. */
    public Path renderedConfig() {
        return runtimeDir.resolve("turnserver.conf");
    }

    public ManagedProcess process() {
        return process;
    }

    /** SIGTERM, then SIGKILL if coturn has not exited in time. */
    @Override
    public void close() {
        process.stop();
    }

    /** coturn opens its UDP and TCP listeners together; the TCP one can be probed without speaking TURN. */
    private void awaitListening() {
        try {
            process.awaitReady(STARTUP, this::listening);
        } catch (AssertionError notListening) {
            process.stop();
            // The overlay sends coturn's own log to turn.log: the reason it did not start is there, not in its output.
            throw new AssertionError(notListening.getMessage() + "\nturn.log:\n" + turnLog(), notListening);
        }
    }

    private boolean listening() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String turnLog() {
        Path log = runtimeDir.resolve("turn.log");
        try {
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
