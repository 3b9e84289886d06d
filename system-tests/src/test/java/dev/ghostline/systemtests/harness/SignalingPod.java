package dev.ghostline.systemtests.harness;

import java.net.URI;

/** A running signaling pod: where its WebSocket and HTTP endpoints are. */
public record SignalingPod(String id, int port, ManagedProcess process) {

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The Prometheus text from {@code /q/metrics}. */
    public String metrics() {
        return Probes.httpBody(httpUri("/q/metrics"));
    }
}
