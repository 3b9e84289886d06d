package dev.ghostline.systemtests.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Readiness checks and plain HTTP reads against the services. A probe that cannot connect says "not yet". */
public final class Probes {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Probes() {
    }

    /** True when {@code GET uri} answers 200. */
    public static boolean httpOk(URI uri) {
        try {
            return get(uri).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The body of {@code GET uri}; fails the test unless the answer is 200. */
    public static String httpBody(URI uri) {
        try {
            HttpResponse<String> response = get(uri);
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed: " + e, e);
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** True when a NATS server on the loopback port greets a new connection with its INFO line. */
    public static boolean natsInfo(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(1000);
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String greeting = reader.readLine();
            return greeting != null && greeting.startsWith("INFO ");
        } catch (IOException e) {
            return false;
        }
    }
}
