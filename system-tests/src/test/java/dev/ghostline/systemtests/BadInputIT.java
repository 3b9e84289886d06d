package dev.ghostline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.crypto.ClusterSecret;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.ClientFrames;
import dev.ghostline.systemtests.harness.GhostlineCluster;
import dev.ghostline.systemtests.harness.MatchedPair;
import dev.ghostline.systemtests.harness.PodSpec;
import dev.ghostline.systemtests.harness.ReceivedFrame;
import dev.ghostline.systemtests.harness.Session;
import dev.ghostline.systemtests.harness.WsClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets exactly the documented error or close, and never disturbs anyone else: after
 * each case, a pair matched earlier on the same pod still relays both ways. Low rate limits and a short hello
 * deadline keep the test quick. Each client comes from its own (forwarded) address, as real clients do, so a
 * per-address limit cannot make one test's client pay for another's.
 */
class BadInputIT {
    private static final int RATE = 5;
    private static final int BURST = 10;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static GhostlineCluster cluster;
    private static MatchedPair bystanders;

    @BeforeAll
    static void startCluster() {
        cluster = GhostlineCluster.start("BadInputIT", PodSpec.named("pod-a").trustingLoopbackProxy()
                .with("GHOSTLINE_SIGNALING_RATE_MESSAGES_PER_SECOND", Integer.toString(RATE))
                .with("GHOSTLINE_SIGNALING_RATE_BURST", Integer.toString(BURST))
                .with("GHOSTLINE_SIGNALING_RATE_FLOOD_THRESHOLD", "50")
                .with("GHOSTLINE_SIGNALING_HELLO_TIMEOUT", "1s"));
        bystanders = MatchedPair.open("bystanders", pod(), forwardedFor(), pod(), forwardedFor());
    }

    @AfterAll
    static void stopCluster() {
        if (bystanders != null) {
            bystanders.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static URI pod() {
        return cluster.pod("pod-a").wsUri();
    }

    /** A new documentation address (RFC 5737 TEST-NET-2) per client. */
    private static Map<String, String> forwardedFor() {
        return Map.of("X-Forwarded-For", "198.51.100." + ADDRESSES.getAndIncrement());
    }

    /** A raw client that has said hello and got its welcome. */
    private static WsClient welcomedClient() {
        WsClient client = WsClient.connect(pod(), forwardedFor());
        client.send(ClientFrames.hello());
        ServerMessage.Welcome welcome = client.await(ServerMessage.Welcome.class);
        assertThat(welcome.limits().messagesPerSecond()).isEqualTo(RATE);
        assertThat(welcome.limits().burst()).isEqualTo(BURST);
        return client;
    }

    private static ServerMessage.Error awaitError(WsClient client, ErrorCode expected) {
        ServerMessage.Error error = client.await(ServerMessage.Error.class);
        assertThat(error.code()).isEqualTo(expected);
        assertThat(error.message()).as("error text").isNotBlank();
        return error;
    }

    private static void assertBystandersStillRelay() {
        bystanders.assertRelaysBothWays();
    }

    @Test
    void malformedJsonIsRefusedWithoutEchoingIt() {
        try (WsClient client = welcomedClient()) {
            client.send("{\"type\":\"signal\",\"payload\":{\"echo-marker-4711\"");
            ServerMessage.Error error = awaitError(client, ErrorCode.MALFORMED);
            assertThat(error.message()).doesNotContain("echo-marker-4711");
            client.send("[\"not\",\"an\",\"object\"]");
            awaitError(client, ErrorCode.MALFORMED);
            client.send("{\"type\":\"hello\",\"type\":\"bye\"}");
            awaitError(client, ErrorCode.MALFORMED);
        }
        assertBystandersStillRelay();
    }

    @Test
    void unknownTypeIsRefused() {
        try (WsClient client = welcomedClient()) {
            client.send("{\"type\":\"teleport-marker-4712\"}");
            ServerMessage.Error error = awaitError(client, ErrorCode.UNKNOWN_TYPE);
            assertThat(error.message()).doesNotContain("teleport-marker-4712");
        }
        assertBystandersStillRelay();
    }

    @Test
    void missingOrInvalidFieldsAreNamedInTheError() {
        try (WsClient client = welcomedClient()) {
            client.send("{\"type\":\"join\",\"mode\":\"random\"}");
            assertThat(awaitError(client, ErrorCode.INVALID_FIELD).message()).contains("lobby");
            client.send("{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"Not A Lobby!\"}");
            assertThat(awaitError(client, ErrorCode.INVALID_FIELD).message()).contains("lobby").doesNotContain("Not A");
            client.send("{\"type\":\"signal\",\"payload\":\"text, not an object\"}");
            assertThat(awaitError(client, ErrorCode.INVALID_FIELD).message()).contains("payload");
        }
        assertBystandersStillRelay();
    }

    @Test
    void oversizedFrameClosesWith1009() {
        try (WsClient client = welcomedClient()) {
            client.trySend(ClientFrames.signal("{\"blob\":\"" + "x".repeat(40_000) + "\"}"));
            assertThat(client.awaitClose(CLOSE_TIMEOUT)).isEqualTo(1009);
        }
        assertBystandersStillRelay();
    }

    @Test
    void oversizedSignalPayloadIsRefused() {
        try (WsClient client = welcomedClient()) {
            client.send(ClientFrames.signal("{\"blob\":\"" + "x".repeat(20_000) + "\"}"));
            awaitError(client, ErrorCode.SIGNAL_TOO_LARGE);
        }
        assertBystandersStillRelay();
    }

    @Test
    void signalWithoutPartnerIsRefused() {
        try (WsClient client = welcomedClient()) {
            client.send(ClientFrames.signal("{\"sdp\":{}}"));
            awaitError(client, ErrorCode.NOT_MATCHED);
            client.send(ClientFrames.joinRandom("nobody-else-here"));
            client.await(ServerMessage.Queued.class);
            client.send(ClientFrames.signal("{\"sdp\":{}}"));
            awaitError(client, ErrorCode.NOT_MATCHED);
        }
        assertBystandersStillRelay();
    }

    @Test
    void anythingBeforeHelloIsRefusedAndHelloStillWorks() {
        try (WsClient client = WsClient.connect(pod(), forwardedFor())) {
            client.send(ClientFrames.joinRandom("too-early"));
            awaitError(client, ErrorCode.HELLO_REQUIRED);
            client.send(ClientFrames.hello());
            assertThat(client.await(ServerMessage.Welcome.class).resumed()).isFalse();
        }
        assertBystandersStillRelay();
    }

    @Test
    void floodIsRateLimitedThenClosedWith4029() {
        try (MatchedPair flood = MatchedPair.open("flood", pod(), forwardedFor(), pod(), forwardedFor())) {
            int sent = 0;
            while (sent < 500 && flood.first().ws().trySend(ClientFrames.signal("{\"n\":" + sent + "}"))) {
                sent++;
            }
            assertThat(flood.first().ws().awaitClose(CLOSE_TIMEOUT)).as("close after %d frames", sent).isEqualTo(4029);
            List<ErrorCode> errors = flood.first().ws().unread().stream()
                    .map(ReceivedFrame::message)
                    .filter(ServerMessage.Error.class::isInstance)
                    .map(message -> ((ServerMessage.Error) message).code())
                    .toList();
            assertThat(errors).as("errors before the close").containsOnly(ErrorCode.RATE_LIMITED);
            assertThat(flood.second().ws().unread().size()).as("signals relayed").isLessThan(sent);
        }
        assertBystandersStillRelay();
    }

    @Test
    void forgedTokenIsRejectedWith4004() {
        ClusterSecret otherCluster = ClusterSecret.of("an-attacker-guess-" + Ids.random());
        String forged = new SessionTokens(otherCluster, Clock.systemUTC()).issue(Ids.random(), Duration.ofHours(1));
        assertTokenRejected(forged);
        assertBystandersStillRelay();
    }

    @Test
    void expiredTokenIsRejectedWith4004() {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        SessionTokens tokens = new SessionTokens(ClusterSecret.of(cluster.secret()), twoHoursAgo);
        assertTokenRejected(tokens.issue(Ids.random(), Duration.ofHours(1)));
        assertBystandersStillRelay();
    }

    private static void assertTokenRejected(String token) {
        try (WsClient client = WsClient.connect(pod(), forwardedFor())) {
            client.send(ClientFrames.hello(token));
            awaitError(client, ErrorCode.TOKEN_REJECTED);
            assertThat(client.awaitClose(CLOSE_TIMEOUT)).isEqualTo(4004);
        }
    }

    @Test
    void disallowedOriginGets403AndAllowedOriginConnects() {
        int status = WsClient.rejectedUpgradeStatus(pod(), Map.of("Origin", "http://evil.test"));
        assertThat(status).isEqualTo(403);
        try (Session allowed = Session.start("allowed origin", pod(),
                Map.of("Origin", GhostlineCluster.ALLOWED_ORIGIN, "X-Forwarded-For", "198.51.100.250"))) {
            assertThat(allowed.token()).isNotBlank();
        }
        assertBystandersStillRelay();
    }

    @Test
    void noHelloInTimeClosesWith4001() {
        try (WsClient client = WsClient.connect(pod(), forwardedFor())) {
            assertThat(client.awaitClose(CLOSE_TIMEOUT)).isEqualTo(4001);
            assertThat(client.unread()).as("frames before the close").isEmpty();
        }
        assertBystandersStillRelay();
    }
}
