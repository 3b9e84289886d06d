package dev.ghostline.moderation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ghostline.moderation.core.ModerationBuckets;
import dev.ghostline.moderation.testing.StreamReader;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.support.testing.NatsServerResource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service started twice as real processes against one real nats-server: concurrent reports over
 * HTTP, split across both replicas, are each counted once and revoke once; neither process logs a secret.
 */
class TwoReplicasIT {
    private static final String SECRET = "two-replicas-it-cluster-secret-0123456789";
    private static final String API_KEY = "two-replicas-it-api-key-0123456789abcdef";
    private static final int THRESHOLD = 8;
    private static final int REPORTERS = 20;
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    /** Health lives on the management interface, on a port of its own. */
    private static final Pattern MANAGEMENT = Pattern.compile("Management interface listening on http://[^:]+:(\\d+)");
    private static final Duration BOOT = Duration.ofSeconds(120);

    private static NatsServerResource nats;
    private static Connection observer;
    private static final List<Replica> replicas = new ArrayList<>();
    private static final List<String> secretsUsed = new CopyOnWriteArrayList<>();

    private final MatchTickets tickets = new MatchTickets(ClusterSecret.of(SECRET), Clock.systemUTC());
    private final SessionTokens tokens = new SessionTokens(ClusterSecret.of(SECRET), Clock.systemUTC());

    @BeforeAll
    static void start() throws Exception {
        nats = new NatsServerResource();
        String url = nats.start().get("ghostline.nats.url");
        observer = Nats.connect(url);
        replicas.add(new Replica("a", url));
        replicas.add(new Replica("b", url));
        for (Replica replica : replicas) {
            replica.awaitReady();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Replica replica : replicas) {
            replica.stop();
        }
        if (observer != null) {
            observer.close();
        }
        nats.stop();
    }

    @Test
    void concurrentReportsOverHttpAreCountedOnceAndRevokeOnce() throws Exception {
        String reported = Ids.random();
        Map<String, String> answers = reportConcurrently(reported);

        // A report is told "revoked" once it reads the tally after the revocation was stored; nobody "duplicate".
        assertThat(answers).hasSize(REPORTERS);
        assertThat(answers.values()).containsOnly("counted", "revoked").contains("revoked");
        String prefix = reported + ".by.";
        List<String> tallied = observer.keyValue(ModerationBuckets.TALLIES).keys(prefix + "*").stream()
                .map(key -> key.substring(prefix.length())).toList();
        assertThat(tallied).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(THRESHOLD);
        answers.forEach((network, status) -> {
            if (status.equals("counted")) {
                assertThat(tallied).as("a reporter told counted is in the shared tally").contains(network);
            }
        });
        assertThat(new StreamReader(observer).revocationsOf(reported)).hasSize(1);
        int published = 0;
        for (Replica replica : replicas) {
            Integer count = given().header("Authorization", "Bearer " + API_KEY)
                    .get(replica.url("/v1/stats")).then().statusCode(200)
                    .extract().path("revocations.reports.harassment");
            published += count;
        }
        assertThat(published).as("revocations published across both replicas").isEqualTo(1);
        for (Replica replica : replicas) {
            for (String line : replica.output) {
                for (String secret : secretsUsed) {
                    assertThat(line).doesNotContain(secret);
                }
            }
        }
    }

    /**
     * Reporter's network → the status its report was answered with. Each reporter is a session on a network of
     * its own: the networks are what the shared tally counts.
     */
    private Map<String, String> reportConcurrently(String reported) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Callable<String>> reports = new LinkedHashMap<>();
        for (int i = 0; i < REPORTERS; i++) {
            String reporter = Ids.random();
            String network = Ids.random();
            String ticket = tickets.issue(Ids.random(), reporter, reported, network, Ids.random(), Duration.ofHours(2));
            String token = tokens.issue(reporter, Duration.ofHours(1));
            secretsUsed.addAll(List.of(reporter, network, ticket, token, reported));
            String body = "{\"ticket\":\"" + ticket + "\",\"token\":\"" + token + "\",\"reason\":\"harassment\"}";
            Replica replica = replicas.get(i % 2);
            reports.put(network, () -> {
                start.await();
                return given().contentType("application/json").body(body).post(replica.url("/v1/reports"))
                        .then().statusCode(200).extract().path("status");
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Map<String, Future<String>> futures = new LinkedHashMap<>();
            reports.forEach((reporter, report) -> futures.put(reporter, pool.submit(report)));
            start.countDown();
            Map<String, String> answers = new LinkedHashMap<>();
            for (Map.Entry<String, Future<String>> future : futures.entrySet()) {
                answers.put(future.getKey(), future.getValue().get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One packaged service process on a port of its own choosing (0), found from its startup line. */
    private static final class Replica {
        private final Process process;
        private final List<String> output = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Integer> port = new CompletableFuture<>();
        private final CompletableFuture<Integer> managementPort = new CompletableFuture<>();

        Replica(String name, String natsUrl) throws IOException {
            Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
            assertThat(Files.exists(jar)).as("packaged jar " + jar).isTrue();
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                    .redirectErrorStream(true);
            builder.environment().put("GHOSTLINE_NATS_URL", natsUrl);
            builder.environment().put("GHOSTLINE_CLUSTER_SECRET", SECRET);
            builder.environment().put("GHOSTLINE_MODERATION_API_KEYS", API_KEY);
            builder.environment().put("GHOSTLINE_MODERATION_THRESHOLD_HARASSMENT", String.valueOf(THRESHOLD));
            builder.environment().put("QUARKUS_HTTP_PORT", "0");
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", "0");
            builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            builder.environment().put("QUARKUS_APPLICATION_NAME", "moderation-" + name);
            process = builder.start();
            Thread reader = new Thread(this::readOutput, "replica-" + name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void readOutput() {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        port.complete(Integer.parseInt(listening.group(1)));
                    }
                    Matcher management = MANAGEMENT.matcher(line);
                    if (management.find()) {
                        managementPort.complete(Integer.parseInt(management.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("exited: " + String.join("\n", output)));
            managementPort.completeExceptionally(new IllegalStateException("exited"));
        }

        void awaitReady() throws Exception {
            port.get(BOOT.toSeconds(), TimeUnit.SECONDS);
            String ready = "http://127.0.0.1:" + managementPort.get(BOOT.toSeconds(), TimeUnit.SECONDS) + "/q/health/ready";
            await().atMost(BOOT).untilAsserted(() -> given().get(ready).then().statusCode(200));
        }

        String url(String path) {
            return "http://127.0.0.1:" + port.join() + path;
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
