package dev.ghostline.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The few Kubernetes API answers the chart's {@code lookup} of Secrets needs, on a free loopback port.
 *
 * <p>helm-java's {@code template} renders with the cluster in reach (unlike the {@code helm template} CLI), so
 * {@code lookup} asks the API server named by {@code KUBECONFIG}. No API server runs on this machine; this stub
 * answers API discovery for core/v1 and GETs of the Secrets it was given, 404 for everything else. It also lets a
 * test put an "already installed" Secret in place and check the chart keeps its value.
 *
 * <p>surefire points {@code KUBECONFIG} at {@link #KUBECONFIG}; {@link #start()} writes that file.
 */
final class FakeKubeApi implements AutoCloseable {
    static final Path KUBECONFIG = Path.of(System.getProperty("ghostline.kubeconfig", "target/fake-kube/kubeconfig"));

    /** Discovery of core/v1: Helm's lookup maps the kind Secret to its resource through it. */
    private static final String CORE_V1_RESOURCES = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
            {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}""";

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeKubeApi(HttpServer server) {
        this.server = server;
    }

    static FakeKubeApi start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeKubeApi api = new FakeKubeApi(server);
            server.createContext("/", api::handle);
            server.start();
            api.writeKubeconfig();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code GET} of this Secret answer with the given data (plain values; stored base64 as the API does). */
    void putSecret(String namespace, String name, Map<String, String> data) {
        String encoded = data.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\""
                        + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)) + "\"")
                .collect(Collectors.joining(","));
        secrets.put(secretPath(namespace, name), """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s","namespace":"%s"},"type":"Opaque","data":{%s}}"""
                .formatted(name, namespace, encoded));
    }

    void clearSecrets() {
        secrets.clear();
    }

    /** Paths requested so far, for tests that check what the chart looked up. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String secretPath(String namespace, String name) {
        return "/api/v1/namespaces/" + namespace + "/secrets/" + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path);
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, status(405, "MethodNotAllowed"));
        } else if ("/api/v1".equals(path)) {
            respond(exchange, 200, CORE_V1_RESOURCES);
        } else if (secrets.containsKey(path)) {
            respond(exchange, 200, secrets.get(path));
        } else {
            respond(exchange, 404, status(404, "NotFound"));
        }
    }

    private static String status(int code, String reason) {
        return """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"%s","code":%d}""".formatted(reason, code);
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void writeKubeconfig() throws IOException {
        Files.createDirectories(KUBECONFIG.getParent());
        Files.writeString(KUBECONFIG, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                contexts:
                  - name: fake
                    context:
                      cluster: fake
                      user: fake
                      namespace: default
                current-context: fake
                users:
                  - name: fake
                    user: {}
                """.formatted(server.getAddress().getPort()));
    }
}
