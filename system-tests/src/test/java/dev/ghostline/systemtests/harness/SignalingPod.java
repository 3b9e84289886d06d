package dev.ghostline.systemtests.harness;

import dev.ghostline.support.testing.ManagedProcess;
import java.net.URI;

/** A running signaling pod: where its WebSocket, its public HTTP and its management interface are. */
public record SignalingPod(String id, int port, int managementPort, ManagedProcess process) {

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Health and metrics live here, not on the public port. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** The Prometheus text from {@code /q/metrics}. */
    public String metrics() {
        return Probes.httpBody(managementUri("/q/metrics"));
    }

    /** The value of gauge {@code name} (Prometheus spelling) in {@link #metrics()}. */
    public double gauge(String name) {
        return metrics().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no gauge " + name + " on " + id));
    }
}
