package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.crypto.AddressHashes;
import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.support.testing.ManagedProcess;
import dev.ghostline.systemtests.harness.ClientFrames;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.ModerationApi;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.Probes;
import dev.ghostline.systemtests.harness.Relay;
import dev.ghostline.systemtests.harness.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero data: a whole call, from a client whose address a proxy forwards, ended by a report that revokes it,
 * leaves no trace of the address, its keyed hash, the tokens, the tickets, the session and match ids or what was
 * said in any service's output or metrics, and not one file on disk (JetStream's store directory included).
 */
class ZeroDataIT {
    private static final String CLIENT_ADDRESS = "203.0.113.7";
    private static GhostlineCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.startWithModeration("ZeroDataIT", Map.of("GHOSTLINE_MODERATION_THRESHOLD_SPAM", "1"),
                PodSpec.named("pod-a").trustingLoopbackProxy(), PodSpec.named("pod-b"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWholeCallLeavesNothingBehind() {
        String marker = "zdmark" + Ids.random().substring(0, 12);
        List<String> secrets = new ArrayList<>(List.of(CLIENT_ADDRESS, marker));
        try (Session a = Session.start("A", cluster.pod("pod-a").wsUri(), Map.of("X-Forwarded-For", CLIENT_ADDRESS));
             Session b = Session.start("B", cluster.pod("pod-b").wsUri())) {
            a.join("zero-data", marker + " interest");
            b.join("zero-data", marker + " interest");
            a.awaitMatched();
            b.awaitMatched();
            Relay.assertRelayed(a, b, "{\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0 " + marker + "-offer\"}}");
            Relay.assertRelayed(b, a, "{\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0 " + marker + "-answer\"}}");
            // Refused input must not be logged either.
            a.send("{\"type\":\"signal\",\"payload\":{\"" + marker + "-malformed\"");
            assertThat(a.ws().await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.MALFORMED);
            secrets.addAll(List.of(a.token(), b.token(), a.matched().ticket(), b.matched().ticket()));
            // No service logs a session or match id (they travel in bus subjects and tokens only).
            SessionTokens tokens = new SessionTokens(ClusterSecret.of(cluster.secret()), Clock.systemUTC());
            secrets.add(tokens.verify(a.token()).orElseThrow().sessionId());
            secrets.add(tokens.verify(b.token()).orElseThrow().sessionId());
            secrets.add(a.matched().matchId());
            // The networks both parties joined from: sealed in the tickets, carried in wait entries, counted by the
            // moderation service (B connects from loopback, which the pods see as its address).
            AddressHashes networks = new AddressHashes(ClusterSecret.of(cluster.secret()), Clock.systemUTC());
            secrets.addAll(networks.candidates(CLIENT_ADDRESS));
            secrets.addAll(networks.candidates("127.0.0.1"));

            ModerationApi.Answer report = new ModerationApi(cluster).report(b, "spam");
            assertThat(report.field("status")).isEqualTo("revoked");
            secrets.forEach(secret -> assertThat(report.body().toString()).as("the report's answer").doesNotContain(secret));
            a.ws().await(ServerMessage.Revoked.class);
            assertThat(a.ws().awaitClose(Duration.ofSeconds(5))).isEqualTo(4003);
            assertThat(b.ws().await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.REVOKED);
            assertMetricsFreeOf(secrets);
            assertNoFiles();
            b.send(ClientFrames.bye());
            assertThat(b.ws().awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
        }
        // Stopped gracefully, so shutdown output is in too.
        cluster.stopAll();
        assertOutputFreeOf(secrets);
        assertNoFiles();
    }

    private static void assertMetricsFreeOf(List<String> secrets) {
        String moderationMetrics = Probes.httpBody(cluster.moderationManagementUri("/q/metrics"));
        assertThat(moderationMetrics).as("moderation metrics").contains("# TYPE");
        secrets.forEach(secret -> assertThat(moderationMetrics).as("moderation metrics").doesNotContain(secret));
        for (String podId : List.of("pod-a", "pod-b")) {
            String metrics = cluster.pod(podId).metrics();
            assertThat(metrics).as("%s metrics", podId).contains("# TYPE");
            secrets.forEach(secret -> assertThat(metrics).as("%s metrics", podId).doesNotContain(secret));
        }
    }

    private static void assertOutputFreeOf(List<String> secrets) {
        for (ManagedProcess process : cluster.processes()) {
            String output = process.logs();
            if (!process.name().equals("nats")) {
                assertThat(output).as("%s wrote no output at all: the check would prove nothing", process.name())
                        .isNotBlank();
            }
            for (String secret : secrets) {
                assertThat(output).as("%s output", process.name()).doesNotContain(secret);
            }
        }
    }

    private static void assertNoFiles() {
        assertThat(filesUnder(cluster.nats().storeDir())).as("JetStream store").noneMatch(Files::isRegularFile);
        for (ManagedProcess process : cluster.processes()) {
            assertThat(filesUnder(process.workDir())).as("%s working dir", process.name()).isEmpty();
            assertThat(filesUnder(process.tmpDir())).as("%s temp dir", process.name()).isEmpty();
        }
    }

    /** Everything below {@code root}, directories included, but not {@code root} itself. */
    private static List<Path> filesUnder(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> !path.equals(root)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
