package dev.ghostline.systemtests.browser;

import dev.ghostline.support.testing.FreePort;
import dev.ghostline.support.testing.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian's nginx in front of the signaling pods and the moderation service, rendered from
 * {@code deploy/local/nginx.conf.template} exactly as {@code ./ghostline up} renders it: the stand-in for the
 * Kubernetes ingress, so the page, its WebSocket and {@code /v1/} share one origin.
 */
final class Nginx implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path BINARY = Path.of(System.getProperty("ghostline.nginx", "/usr/sbin/nginx"));
    private static final Duration STARTUP = Duration.ofSeconds(20);
    /** What ./ghostline up renders by default: 2 pods x 32 sessions per address + 16. */
    static final int CONNECTIONS_PER_ADDRESS = 80;

    private final int port;
    private final Path tempDir;
    private final ManagedProcess process;

    private Nginx(int port, Path tempDir, ManagedProcess process) {
        this.port = port;
        this.tempDir = tempDir;
        this.process = process;
    }

    /** Allocates the port first: the pods must allow the page's origin before nginx can start. */
    static int allocatePort() {
        return FreePort.allocate();
    }

    static Nginx start(Path home, Path reactorRoot, int port, List<Integer> podPorts, int moderationPort) {
        return start(home, reactorRoot, port, podPorts, moderationPort, CONNECTIONS_PER_ADDRESS);
    }

    static Nginx start(Path home, Path reactorRoot, int port, List<Integer> podPorts, int moderationPort,
                       int connectionsPerAddress) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install it with apt-get install nginx"
                    + " (./ghostline test does)");
        }
        try {
            Path prefix = Files.createDirectories(home.resolve("prefix"));
            Path temp = Files.createDirectories(home.resolve("nginx-temp"));
            Path config = prefix.resolve("nginx.conf");
            String template = Files.readString(reactorRoot.resolve("deploy/local/nginx.conf.template"));
            Files.writeString(config, render(template, port, podPorts, moderationPort, temp, connectionsPerAddress));
            List<String> command = List.of(BINARY.toString(), "-e", "stderr", "-p", prefix.toString(),
                    "-c", config.toString(), "-g", "daemon off; pid " + prefix.resolve("nginx.pid") + ";");
            ManagedProcess process = ManagedProcess.start("nginx", home, command, Map.of());
            // nginx answers /q/ itself, so this says nginx is up whether or not anything behind it is.
            URI ownAnswer = URI.create("http://127.0.0.1:" + port + "/q/");
            process.awaitReady(STARTUP, () -> status(ownAnswer) == 404);
            return new Nginx(port, temp, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare nginx", e);
        }
    }

    static String render(String template, int port, List<Integer> podPorts, int moderationPort, Path temp,
                         int connectionsPerAddress) {
        String pods = podPorts.stream()
                .map(p -> "server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining("\n        "));
        String rendered = template.replace("{{LISTEN_PORT}}", Integer.toString(port))
                .replace("{{SIGNALING_SERVERS}}", pods)
                .replace("{{MODERATION_SERVER}}", "server 127.0.0.1:" + moderationPort + ";")
                .replace("{{TEMP_DIR}}", temp.toString())
                .replace("{{CONNECTIONS_PER_ADDRESS}}", Integer.toString(connectionsPerAddress));
        if (rendered.contains("{{")) {
            throw new IllegalStateException("deploy/local/nginx.conf.template has a placeholder the tests do not know");
        }
        return rendered;
    }

    /** The one address browsers use, e.g. {@code http://127.0.0.1:40123}; also the pods' allowed Origin. */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** Where nginx would buffer bodies; the template keeps them in memory, so it holds directories only. */
    Path tempDir() {
        return tempDir;
    }

    ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop();
    }

    private static int status(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
