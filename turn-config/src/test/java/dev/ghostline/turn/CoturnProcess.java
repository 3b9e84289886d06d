package dev.ghostline.turn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real turnserver on loopback, started through start-coturn.sh exactly as in production
 * (template rendered from the environment, secret appended to the rendered copy) plus the
 * test overlay. Everything it writes lives in one temp dir that {@link #close()} deletes.
 */
final class CoturnProcess implements AutoCloseable {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Duration STARTUP = Duration.ofSeconds(10);
    /** Overlay lines that let the relay reach loopback; removed to test production peer rules. */
    private static final List<String> LOOPBACK_PERMITS = List.of("allow-loopback-peers", "allowed-peer-ip");
    /** Overlay lines that turn TLS off; removed where start-coturn.sh has to do that itself (TURN_TLS=optional). */
    private static final List<String> TLS_OFF = List.of("no-tls", "no-dtls");

    private final Process process;
    private final Path runtimeDir;
    private final int port;
    private final ProcessOutput output;

    private CoturnProcess(Process process, Path runtimeDir, int port) {
        this.process = process;
        this.runtimeDir = runtimeDir;
        this.port = port;
        this.output = ProcessOutput.drain(process);
    }

    /**
     * Production template + full test overlay: loopback peers allowed so local clients can relay. The external
     * address is {@code auto}, answered by a stand-in for the image's DNS-based detector (no public resolver is
     * reachable from a build machine): relaying through it shows the detected address is the one advertised.
     */
    static CoturnProcess withLoopbackPeers(String secret) throws IOException {
        return start(secret, true);
    }

    /**
     * Production template + test overlay without its loopback permits (production peer rules in force) and
     * without its TLS switches: TURN_TLS=optional with no certificate, so start-coturn.sh turns TLS off itself.
     */
    static CoturnProcess withProductionPeerRules(String secret) throws IOException {
        return start(secret, false);
    }

    private static CoturnProcess start(String secret, boolean loopbackVariant) throws IOException {
        Path runtimeDir = Files.createTempDirectory("ghostline-turn-");
        Path overlay = runtimeDir.resolve("overlay.conf");
        Files.write(overlay, Files.readAllLines(MODULE.resolve("test-overlay.conf")).stream()
                .filter(line -> loopbackVariant || LOOPBACK_PERMITS.stream().noneMatch(line::startsWith))
                .filter(line -> loopbackVariant || !TLS_OFF.contains(line.strip()))
                .toList());
        int port = freeTcpAndUdpPort();
        int minRelay = ThreadLocalRandom.current().nextInt(20000, 30000);

        ProcessBuilder builder = new ProcessBuilder(MODULE.resolve("start-coturn.sh").toString())
                .directory(runtimeDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("TURN_SECRET", secret);
        env.put("TURN_REALM", "ghostline.test");
        env.put("TURN_LISTENING_IP", "127.0.0.1");
        env.put("TURN_RELAY_IP", "127.0.0.1");
        // public/private form maps only the IPv4 relay, so the IPv6 (::1) relay is reported as is.
        if (loopbackVariant) {
            env.put("TURN_EXTERNAL_IP", "auto/127.0.0.1");
            env.put("TURN_DETECT_EXTERNAL_IP", StartScript.detector(runtimeDir, "127.0.0.1", 0).toString());
        } else {
            env.put("TURN_EXTERNAL_IP", "127.0.0.1/127.0.0.1");
            env.put("TURN_TLS", "optional");
        }
        env.put("TURN_TLS_CERT", runtimeDir.resolve("no-cert.pem").toString());
        env.put("TURN_TLS_PKEY", runtimeDir.resolve("no-key.pem").toString());
        env.put("RUNTIME_DIR", runtimeDir.toString());
        env.put("TURN_TEST_OVERLAY", overlay.toString());
        env.put("TURN_TEST_PORT", Integer.toString(port));
        env.put("TURN_TEST_MIN_PORT", Integer.toString(minRelay));
        env.put("TURN_TEST_MAX_PORT", Integer.toString(minRelay + 200));

        CoturnProcess coturn = new CoturnProcess(builder.start(), runtimeDir, port);
        try {
            coturn.awaitListening();
        } catch (IOException | RuntimeException e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    int port() {
        return port;
    }

    Path renderedConfig() {
        return runtimeDir.resolve("turnserver.conf");
    }

    String log() {
        try {
            Path log = runtimeDir.resolve("turn.log");
            return (Files.exists(log) ? Files.readString(log) : "") + output.text();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls the TCP listener rather than sleeping: coturn opens UDP and TCP together. */
    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("turnserver exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleepQuietly(50);
            }
        }
        throw new IOException("turnserver did not listen on " + port + " within " + STARTUP + ":\n" + log());
    }

    /**
     * A port free for TCP and UDP on every address, from 10000-19999: below the kernel's ephemeral range, where a
     * bind-to-0 port could be taken as some connection's source port before coturn binds it, and below the
     * relay ports picked above (the same rule as system-tests' {@code FreePort}).
     */
    private static int freeTcpAndUdpPort() throws IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(10_000, 20_000);
            try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
                tcp.bind(new InetSocketAddress(candidate));
                udp.bind(new InetSocketAddress(candidate));
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no port between 10000 and 19999 free for both TCP and UDP");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(runtimeDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp dir must not fail the test
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
