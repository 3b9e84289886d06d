package dev.ghostline.systemtests.browser;

import dev.ghostline.support.testing.Coturn;
import dev.ghostline.support.testing.FreePort;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.SignalingPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a browser test needs, on loopback: a Ghostline cluster with two signaling pods and the moderation
 * service (every report threshold at 1), coturn (test overlay) that the pods advertise, nginx in front as the
 * one address, and chromium. Tests may take coturn, nginx or pods away and bring them back. {@link #close()}
 * stops every process it started and deletes its directories.
 */
final class BrowserStack implements AutoCloseable {
    static final List<String> POD_IDS = List.of("pod-a", "pod-b");
    /** One report is enough to revoke, whatever the reason: the report test needs no second reporter. */
    private static final List<String> REASONS =
            List.of("HARASSMENT", "HATE", "SEXUAL_CONTENT", "MINOR_SAFETY", "VIOLENCE", "SPAM");
    private final Path sandbox;
    private Path root;
    private String turnSecret;
    private int nginxPort;
    private int moderationPort;
    private Coturn coturn;
    private GhostlineCluster cluster;
    private Nginx nginx;
    /** Every nginx this stack started (restarts, the one in front of nothing, relayless ones): all are checked. */
    private final List<Path> nginxTempDirs = new ArrayList<>();
    private Chromium chromium;

    private BrowserStack(Path sandbox) {
        this.sandbox = sandbox;
    }

    static BrowserStack start(String label) {
        return start(label, Map.of());
    }

    /** As {@link #start(String)}, with {@code podEnv} on top of every pod's environment. */
    static BrowserStack start(String label, Map<String, String> podEnv) {
        BrowserStack stack = new BrowserStack(createSandbox());
        try {
            stack.launch(label, podEnv);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void launch(String label, Map<String, String> podEnv) {
        root = reactorRoot();
        turnSecret = randomSecret();
        coturn = Coturn.launch(root.resolve("turn-config"), turnSecret).start(sandbox.resolve("coturn"));
        nginxPort = Nginx.allocatePort();
        String origin = "http://127.0.0.1:" + nginxPort;
        PodSpec[] pods = POD_IDS.stream().map(id -> withEnv(PodSpec.named(id)
                .trustingLoopbackProxy()
                .with("GHOSTLINE_SIGNALING_ALLOWED_ORIGINS", origin)
                .with("GHOSTLINE_SIGNALING_ICE_TURN_URLS", coturn.udpUrl())
                .with("GHOSTLINE_SIGNALING_ICE_TURN_SECRET", turnSecret), podEnv)).toArray(PodSpec[]::new);
        Map<String, String> moderation = new LinkedHashMap<>();
        REASONS.forEach(reason -> moderation.put("GHOSTLINE_MODERATION_THRESHOLD_" + reason, "1"));
        moderation.put("GHOSTLINE_MODERATION_ALLOWED_ORIGINS", origin);
        cluster = GhostlineCluster.startWithModeration(label, moderation, pods);
        moderationPort = cluster.moderationUri("/").getPort();
        startNginx();
        chromium = Chromium.launch();
    }

    /**
     * Restarts what a test killed or stopped: pods (and nginx, which must learn their new ports), coturn, and
     * nginx on the same address.
     */
    void ensureRunning() {
        // Only the regular pods: a relayless pod a test stopped stays stopped (the cluster cannot forget it).
        List<String> dead = POD_IDS.stream().filter(id -> !cluster.pod(id).process().isAlive()).toList();
        if (!dead.isEmpty()) {
            dead.forEach(cluster::restartPod);
            stopNginx();
        }
        if (!nginx.process().isAlive()) {
            startNginx();
        }
        if (!coturn.process().isAlive()) {
            startCoturn();
        }
    }

    /**
     * SIGKILL a pod, run {@code inTheMomentAfter} at once, and only then wait for the process to be gone: what
     * that step does happens while the pod's clients are only just losing their sockets, before any of them can
     * have resumed elsewhere (their first reconnect waits at least 125 ms).
     */
    void killPod(String podId, Runnable inTheMomentAfter) {
        ProcessHandle.of(cluster.pod(podId).process().pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            inTheMomentAfter.run();
        } finally {
            cluster.killPod(podId);
        }
    }

    /** The relay goes away (SIGKILL, as when its node dies): every relayed media path breaks at once. */
    void killCoturn() {
        coturn.process().kill();
    }

    /** coturn again, on the port the pods advertise and with the same secret, so their credentials work. */
    void startCoturn() {
        coturn = Coturn.launch(root.resolve("turn-config"), turnSecret).port(coturn.port())
                .start(sandbox.resolve("coturn-" + System.nanoTime()));
    }

    /**
     * nginx in front of ports where nothing listens: every request that needs a pod or the moderation service
     * gets nginx's own 502. Closing it stops it.
     */
    Nginx ingressInFrontOfNothing() {
        int nothing = FreePort.allocate();
        return startNginx("nginx-nothing-" + System.nanoTime(), Nginx.allocatePort(), List.of(nothing), nothing);
    }

    /**
     * One more pod that knows no TURN server, as under {@code ./ghostline up}, behind its own nginx: a page
     * there cannot hide its IP. Closing it stops both. The harness cannot remove a pod, so the stopped one stays
     * in the cluster's list: {@link #ensureRunning()} leaves it stopped, and {@link #filesWritten()} still
     * checks its directories and its nginx's.
     */
    RelaylessIngress relaylessIngress(String podId) {
        int port = Nginx.allocatePort();
        String relaylessOrigin = "http://127.0.0.1:" + port;
        SignalingPod pod = cluster.addPod(PodSpec.named(podId).trustingLoopbackProxy()
                .with("GHOSTLINE_SIGNALING_ALLOWED_ORIGINS", relaylessOrigin));
        try {
            Nginx ingress = startNginx("nginx-" + podId, port, List.of(pod.port()), moderationPort);
            return new RelaylessIngress(pod, ingress, chromium);
        } catch (RuntimeException | Error e) {
            pod.process().stop();
            throw e;
        }
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
        nginx = startNginx("nginx-" + System.nanoTime(), nginxPort, podPorts, moderationPort);
    }

    private Nginx startNginx(String home, int port, List<Integer> podPorts, int moderation) {
        Nginx started = Nginx.start(sandbox.resolve(home), root, port, podPorts, moderation);
        nginxTempDirs.add(started.tempDir());
        return started;
    }

    /** The page's one address. */
    String origin() {
        return nginx.origin();
    }

    GhostlineCluster cluster() {
        return cluster;
    }

    Person open(String name) {
        return chromium.open(name, origin(), true);
    }

    /** The relayless pod and the nginx in front of it. */
    record RelaylessIngress(SignalingPod pod, Nginx nginx, Chromium chromium) implements AutoCloseable {
        /** A person at the page through the relayless pod's own address. */
        Person open(String name) {
            return chromium.open(name, nginx.origin(), true);
        }

        @Override
        public void close() {
            nginx.close();
            pod.process().stop();
        }
    }

    /** A person who did not allow camera and microphone: the browser refuses the page both. */
    Person openWithoutCameraPermission(String name) {
        return chromium.open(name, origin(), false);
    }

    /**
     * Every regular file the services and nginx wrote: their working and temp dirs, the body buffers of every
     * nginx this stack started, and the JetStream store. Zero data means none.
     */
    List<Path> filesWritten() {
        List<Path> roots = new ArrayList<>();
        cluster.processes().forEach(process -> {
            roots.add(process.workDir());
            roots.add(process.tmpDir());
        });
        roots.add(cluster.nats().storeDir());
        roots.addAll(nginxTempDirs);
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
        return (int) cluster.pod(podId).gauge("ghostline_signaling_connections");
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
            coturn.close();
        }
    }

    private static PodSpec withEnv(PodSpec spec, Map<String, String> env) {
        PodSpec result = spec;
        for (Map.Entry<String, String> variable : env.entrySet()) {
            result = result.with(variable.getKey(), variable.getValue());
        }
        return result;
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
