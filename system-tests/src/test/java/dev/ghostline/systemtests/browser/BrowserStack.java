package dev.ghostline.systemtests.browser;

import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.SignalingPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything a browser test needs, on loopback: a Ghostline cluster with two signaling pods and the moderation
 * service (every report threshold at 1), coturn (test overlay) that the pods advertise, nginx in front as the
 * one address, and chromium. {@link #close()} stops every process it started and deletes its directories.
 */
final class BrowserStack implements AutoCloseable {
    static final List<String> POD_IDS = List.of("pod-a", "pod-b");
    /** One report is enough to revoke, whatever the reason: the report test needs no second reporter. */
    private static final List<String> REASONS =
            List.of("HARASSMENT", "HATE", "SEXUAL_CONTENT", "MINOR_SAFETY", "VIOLENCE", "SPAM");
    private static final Pattern CONNECTIONS = Pattern.compile("(?m)^ghostline_signaling_connections(\\{[^}]*})? (\\S+)$");

    private final Path sandbox;
    private Path root;
    private int nginxPort;
    private int moderationPort;
    private Coturn coturn;
    private GhostlineCluster cluster;
    private Nginx nginx;
    private Chromium chromium;

    private BrowserStack(Path sandbox) {
        this.sandbox = sandbox;
    }

    static BrowserStack start(String label) {
        BrowserStack stack = new BrowserStack(createSandbox());
        try {
            stack.launch(label);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void launch(String label) {
        root = reactorRoot();
        String turnSecret = randomSecret();
        coturn = Coturn.start(sandbox.resolve("coturn"), root, turnSecret);
        nginxPort = Nginx.allocatePort();
        String origin = "http://127.0.0.1:" + nginxPort;
        PodSpec[] pods = POD_IDS.stream().map(id -> PodSpec.named(id)
                .trustingLoopbackProxy()
                .with("GHOSTLINE_SIGNALING_ALLOWED_ORIGINS", origin)
                .with("GHOSTLINE_SIGNALING_ICE_TURN_URLS", coturn.udpUrl())
                .with("GHOSTLINE_SIGNALING_ICE_TURN_SECRET", turnSecret)).toArray(PodSpec[]::new);
        Map<String, String> moderation = new LinkedHashMap<>();
        REASONS.forEach(reason -> moderation.put("GHOSTLINE_MODERATION_THRESHOLD_" + reason, "1"));
        moderation.put("GHOSTLINE_MODERATION_ALLOWED_ORIGINS", origin);
        cluster = GhostlineCluster.startWithModeration(label, moderation, pods);
        moderationPort = cluster.moderationUri("/").getPort();
        startNginx();
        chromium = Chromium.launch();
    }

    /** Restarts pods a test killed or stopped, and nginx on the same address with their new ports. */
    void ensurePodsRunning() {
        if (POD_IDS.stream().allMatch(id -> cluster.pod(id).process().isAlive())) {
            return;
        }
        cluster.ensurePodsRunning();
        stopNginx();
        startNginx();
    }

    /** The ingress goes away: every page loses its WebSocket, and cannot reconnect until {@link #startNginx}. */
    void stopNginx() {
        if (nginx != null) {
            nginx.process().stop();
        }
    }

    /** nginx on the page's address again, in front of the pods as they are now. */
    void startNginx() {
        List<Integer> podPorts = POD_IDS.stream().map(id -> cluster.pod(id).port()).toList();
        Path home = sandbox.resolve("nginx-" + System.nanoTime());
        nginx = Nginx.start(home, root, nginxPort, podPorts, moderationPort);
    }


    /** The page's one address. */
    String origin() {
        return nginx.origin();
    }

    GhostlineCluster cluster() {
        return cluster;
    }

    Person open(String name) {
        return chromium.open(name, origin());
    }

    /**
     * Every regular file the services and nginx wrote: their working and temp dirs, nginx's body buffers and
     * the JetStream store. Zero data means none.
     */
    List<Path> filesWritten() {
        List<Path> roots = new ArrayList<>();
        cluster.processes().forEach(process -> {
            roots.add(process.workDir());
            roots.add(process.tmpDir());
        });
        roots.add(cluster.nats().storeDir());
        roots.add(nginx.tempDir());
        return roots.stream().filter(Files::exists).flatMap(BrowserStack::regularFilesUnder).toList();
    }

    private static Stream<Path> regularFilesUnder(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Open WebSockets on a pod, from its metrics: tells which pod a page landed on. */
    int connections(String podId) {
        SignalingPod pod = cluster.pod(podId);
        Matcher matcher = CONNECTIONS.matcher(pod.metrics());
        return matcher.find() ? (int) Double.parseDouble(matcher.group(2)) : 0;
    }

    /** Stops everything it started, newest first; every step runs even when an earlier one fails. */
    @Override
    public void close() {
        RuntimeException failure = null;
        List<Runnable> steps = List.of(this::closeChromium, this::stopNginx, this::closeCluster, this::stopCoturn,
                () -> deleteRecursively(sandbox));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void stopCoturn() {
        if (coturn != null) {
            coturn.process().stop();
        }
    }

    /** Failsafe sets ghostline.root to the reactor root; from an IDE the module directory's parent is it. */
    private static Path reactorRoot() {
        return Path.of(System.getProperty("ghostline.root", "..")).toAbsolutePath().normalize();
    }

    private static Path createSandbox() {
        try {
            return Files.createTempDirectory("ghostline-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
