package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.ClientFrames;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One address cannot take the page down for everyone: nginx, rendered as ./ghostline up renders it (with a small
 * per-address limit, so the test holds it with a few sockets), refuses one address's connections past its limit
 * with its own JSON 429, while a second address (127.0.0.2, on the same loopback) still gets the page and a
 * WebSocket.
 */
class IngressConnectionLimitIT {
    private static final int LIMIT = 6;
    private static GhostlineCluster cluster;
    private static Nginx nginx;
    private static Path home;

    @BeforeAll
    static void start() throws IOException {
        int port = Nginx.allocatePort();
        String origin = "http://127.0.0.1:" + port;
        cluster = GhostlineCluster.startWithModeration("IngressConnectionLimitIT", Map.of(),
                PodSpec.named("pod-a").trustingLoopbackProxy().with("GHOSTLINE_SIGNALING_ALLOWED_ORIGINS", origin));
        home = Files.createTempDirectory("ghostline-ingress-");
        nginx = Nginx.start(home, Path.of(System.getProperty("ghostline.root", "..")).toAbsolutePath().normalize(),
                port, List.of(cluster.pod("pod-a").port()), cluster.moderationUri("/").getPort(), LIMIT);
    }

    @AfterAll
    static void stop() throws IOException {
        if (nginx != null) {
            nginx.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (home != null) {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void anAddressAtItsLimitIsRefusedWhileAnotherStillGetsThePageAndASocket() {
        URI ws = URI.create(nginx.origin().replaceFirst("^http", "ws") + "/ws");
        Map<String, String> origin = Map.of("Origin", nginx.origin());
        List<WsClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                WsClient socket = WsClient.connect(ws, origin);
                held.add(socket);
                socket.send(ClientFrames.hello());
                socket.await(ServerMessage.Welcome.class);
            }
            assertThat(WsClient.rejectedUpgradeStatus(ws, origin)).as("one socket past the limit").isEqualTo(429);
            String refusedPage = rawRequest("127.0.0.1", "GET / HTTP/1.1\r\n");
            assertThat(refusedPage).startsWith("HTTP/1.1 429");
            assertThat(refusedPage).contains("\"error\":\"too-many-connections\"")
                    .containsIgnoringCase("Content-Security-Policy:");

            assertThat(rawRequest("127.0.0.2", "GET / HTTP/1.1\r\n")).as("the page for another address")
                    .startsWith("HTTP/1.1 200");
            assertThat(rawRequest("127.0.0.2", "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + websocketKey() + "\r\nOrigin: "
                    + nginx.origin() + "\r\n")).as("a WebSocket for another address").startsWith("HTTP/1.1 101");
        } finally {
            held.forEach(WsClient::close);
        }
    }

    /**
     * One request from {@code source}, a loopback address of this machine, with {@code Connection: close}; returns
     * what nginx answered up to the end of its headers and any body it sent at once. java.net.http cannot pick a
     * source address, so this speaks HTTP/1.1 itself.
     */
    private static String rawRequest(String source, String requestLineAndHeaders) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", URI.create(nginx.origin()).getPort()), 5_000);
            socket.setSoTimeout(5_000);
            String request = requestLineAndHeaders + "Host: " + URI.create(nginx.origin()).getAuthority()
                    + "\r\n" + (requestLineAndHeaders.contains("Upgrade:") ? "" : "Connection: close\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return readAnswer(socket.getInputStream(), requestLineAndHeaders.contains("Upgrade:"));
        } catch (IOException e) {
            throw new UncheckedIOException("request from " + source, e);
        }
    }

    /** An upgrade's answer ends with its headers (the socket stays open); any other is read to its close. */
    private static String readAnswer(InputStream in, boolean headersOnly) throws IOException {
        StringBuilder answer = new StringBuilder();
        int next;
        while ((next = in.read()) >= 0) {
            answer.append((char) next);
            if (headersOnly && answer.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return answer.toString();
    }

    private static String websocketKey() {
        return Base64.getEncoder().encodeToString("ghostline-test-k".getBytes(StandardCharsets.US_ASCII));
    }
}
