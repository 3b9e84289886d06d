package dev.ghostline.systemtests.harness;

import dev.ghostline.support.testing.FreePort;
import dev.ghostline.support.testing.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A whole Ghostline on loopback: nats-server, one matchmaker, N signaling pods and, when asked for, the
 * moderation service, each a separate OS process sharing a random cluster secret. Pieces can be killed and restarted; {@link #close()} stops everything,
 * keeps each process's output under {@code ghostline.logs.dir} for diagnosis and removes the sandbox.
 */
public final class GhostlineCluster implements AutoCloseable {
    /** The one Origin every pod allows. */
    public static final String ALLOWED_ORIGIN = "http://allowed.test";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final String label;
    private final Path sandbox;
    private final String secret = randomSecret();
    private final Map<String, PodSpec> specs = new LinkedHashMap<>();
    private final Map<String, SignalingPod> pods = new LinkedHashMap<>();
    private final List<ManagedProcess> everyProcess = new CopyOnWriteArrayList<>();
    private NatsServer nats;
    private ManagedProcess matchmaker;
    /** Each service's management interface (health, metrics) is on a port of its own. */
    private int matchmakerManagementPort;
    private ManagedProcess moderation;
    private int moderationPort;
    private int moderationManagementPort;

    private GhostlineCluster(String label, Path sandbox) {
        this.label = label;
        this.sandbox = sandbox;
    }

    /** Starts NATS, then the matchmaker and the pods side by side, and returns once all are ready. */
    public static GhostlineCluster start(String label, PodSpec... podSpecs) {
        return start(label, null, podSpecs);
    }

    /**
     * As {@link #start(String, PodSpec...)}, plus the moderation service with {@code moderationEnv} on top of
     * the cluster defaults (e.g. {@code GHOSTLINE_MODERATION_API_KEYS}, thresholds).
     */
    public static GhostlineCluster startWithModeration(String label, Map<String, String> moderationEnv,
                                                       PodSpec... podSpecs) {
        return start(label, Map.copyOf(moderationEnv), podSpecs);
    }

    private static GhostlineCluster start(String label, Map<String, String> moderationEnv, PodSpec... podSpecs) {
        GhostlineCluster cluster = new GhostlineCluster(label, createSandbox());
        try {
            cluster.nats = NatsServer.start(cluster.home("nats"));
            cluster.everyProcess.add(cluster.nats.process());
            cluster.launchMatchmaker();
            if (moderationEnv != null) {
                cluster.launchModeration(moderationEnv);
            }
            for (PodSpec spec : podSpecs) {
                cluster.specs.put(spec.id(), spec);
                cluster.launchPod(spec);
            }
            cluster.awaitMatchmakerReady();
            if (moderationEnv != null) {
                cluster.awaitModerationReady();
            }
            cluster.pods.keySet().forEach(cluster::awaitPodReady);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    public SignalingPod pod(String id) {
        SignalingPod pod = pods.get(id);
        if (pod == null) {
            throw new IllegalArgumentException("no pod " + id);
        }
        return pod;
    }

    /** The secret every service shares, so tests can mint tokens (e.g. expired ones) the services accept. */
    public String secret() {
        return secret;
    }

    public String natsUrl() {
        return nats.url();
    }

    public NatsServer nats() {
        return nats;
    }

    /** An address on the moderation service; only for a cluster started {@link #startWithModeration}. */
    public URI moderationUri(String path) {
        if (moderation == null) {
            throw new IllegalStateException("this cluster runs no moderation service");
        }
        return URI.create("http://127.0.0.1:" + moderationPort + path);
    }

    /** An address on the moderation service's management interface ({@code /q/health}, {@code /q/metrics}). */
    public URI moderationManagementUri(String path) {
        moderationUri(path); // the same refusal when this cluster runs no moderation service
        return URI.create("http://127.0.0.1:" + moderationManagementPort + path);
    }

    public ManagedProcess moderation() {
        return moderation;
    }

    /** Starts one more signaling pod, e.g. to show that a pod booted later knows what happened before. */
    public SignalingPod addPod(PodSpec spec) {
        if (specs.putIfAbsent(spec.id(), spec) != null) {
            throw new IllegalArgumentException("pod " + spec.id() + " exists");
        }
        launchPod(spec);
        awaitPodReady(spec.id());
        return pod(spec.id());
    }

    public ManagedProcess matchmaker() {
        return matchmaker;
    }

    /** Every process this cluster ever started, including stopped, killed and replaced ones. */
    public List<ManagedProcess> processes() {
        return List.copyOf(everyProcess);
    }

    /** SIGKILL a pod, as when its node dies: no close frames, no goodbye on the bus. */
    public void killPod(String id) {
        pod(id).process().kill();
    }

    /**
     * SIGTERM a pod, as Kubernetes does on scale-down, without waiting: the pod drains its clients to other
     * pods, then exits. The future completes when the process is gone.
     */
    public CompletableFuture<Void> terminatePod(String id) {
        ManagedProcess process = pod(id).process();
        return CompletableFuture.runAsync(process::stop);
    }

    /** Starts a fresh process (new port, new directories) for a pod that was killed or stopped. */
    public SignalingPod restartPod(String id) {
        pod(id).process().stop();
        launchPod(specs.get(id));
        awaitPodReady(id);
        return pod(id);
    }

    /** Restarts every pod whose process is gone, so a test that killed one leaves a whole cluster behind. */
    public void ensurePodsRunning() {
        List<String> dead = pods.values().stream().filter(p -> !p.process().isAlive()).map(SignalingPod::id).toList();
        dead.forEach(this::restartPod);
    }

    /** Stops the matchmaker (SIGTERM) and starts a new one on a new port, on the same NATS. */
    public void restartMatchmaker() {
        matchmaker.stop();
        launchMatchmaker();
        awaitMatchmakerReady();
    }

    /** Gracefully stops every process, so their output is complete; the sandbox stays for inspection. */
    public void stopAll() {
        List<ManagedProcess> newestFirst = new ArrayList<>(everyProcess);
        Collections.reverse(newestFirst);
        newestFirst.forEach(ManagedProcess::stop);
    }

    @Override
    public void close() {
        stopAll();
        saveLogs();
        deleteRecursively(sandbox);
    }

    private void launchMatchmaker() {
        matchmakerManagementPort = FreePort.allocate();
        Map<String, String> env = new LinkedHashMap<>(commonEnv());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(FreePort.allocate()));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(matchmakerManagementPort));
        matchmaker = launch("matchmaker", ServiceJars.matchmaker(), env);
    }

    private void awaitMatchmakerReady() {
        URI ready = URI.create("http://127.0.0.1:" + matchmakerManagementPort + "/q/health/ready");
        matchmaker.awaitReady(STARTUP, () -> Probes.httpOk(ready));
    }

    private void launchModeration(Map<String, String> moderationEnv) {
        moderationPort = FreePort.allocate();
        Map<String, String> env = new LinkedHashMap<>(commonEnv());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(moderationPort));
        moderationManagementPort = FreePort.allocate();
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(moderationManagementPort));
        env.putAll(moderationEnv);
        moderation = launch("moderation", ServiceJars.moderation(), env);
    }

    private void awaitModerationReady() {
        URI ready = moderationManagementUri("/q/health/ready");
        moderation.awaitReady(STARTUP, () -> Probes.httpOk(ready));
    }

    private void launchPod(PodSpec spec) {
        int port = FreePort.allocate();
        int managementPort = FreePort.allocate();
        Map<String, String> env = new LinkedHashMap<>(commonEnv());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("GHOSTLINE_SIGNALING_POD_ID", spec.id());
        env.put("GHOSTLINE_SIGNALING_ALLOWED_ORIGINS", ALLOWED_ORIGIN);
        // Below ManagedProcess's graceful-stop wait, so a draining pod exits on its own.
        env.put("GHOSTLINE_SIGNALING_DRAIN_TIMEOUT", "10s");
        env.putAll(spec.env());
        pods.put(spec.id(), new SignalingPod(spec.id(), port, managementPort, launch(spec.id(), ServiceJars.signaling(), env)));
    }

    private void awaitPodReady(String id) {
        SignalingPod pod = pod(id);
        pod.process().awaitReady(STARTUP, () -> Probes.httpOk(pod.managementUri("/q/health/ready")));
    }

    private Map<String, String> commonEnv() {
        return Map.of("GHOSTLINE_NATS_URL", nats.url(), "GHOSTLINE_CLUSTER_SECRET", secret);
    }

    private ManagedProcess launch(String name, Path jar, Map<String, String> env) {
        ManagedProcess process = ManagedProcess.start(name, home(name), ServiceJars.javaCommand(jar), env);
        everyProcess.add(process);
        return process;
    }

    /** A fresh directory per process start, so a restarted service never sees its predecessor's files. */
    private Path home(String name) {
        long earlier = everyProcess.stream().filter(p -> p.name().equals(name)).count();
        return sandbox.resolve(earlier == 0 ? name : name + "-" + (earlier + 1));
    }

    private void saveLogs() {
        String dir = System.getProperty("ghostline.logs.dir");
        if (dir == null) {
            return;
        }
        try {
            Path target = Files.createDirectories(Path.of(dir, label));
            int index = 0;
            for (ManagedProcess process : everyProcess) {
                String file = String.format("%02d-%s.log", ++index, process.name());
                Files.writeString(target.resolve(file), process.logs(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save service logs", e);
        }
    }

    private static Path createSandbox() {
        try {
            return Files.createTempDirectory("ghostline-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (var paths = Files.walk(root)) {
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
