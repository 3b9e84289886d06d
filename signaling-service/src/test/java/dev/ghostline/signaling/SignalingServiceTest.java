package dev.ghostline.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

import dev.ghostline.support.testing.Management;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.TurnCredentials;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.IceTransportPolicy;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.Role;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.support.testing.NatsServerResource;
import dev.ghostline.signaling.session.SessionRegistry;
import dev.ghostline.signaling.testing.FakeMatchmaker;
import dev.ghostline.signaling.testing.PodReadiness;
import dev.ghostline.signaling.testing.TestSocket;
import io.nats.client.Connection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One pod against a real nats-server. The test plays the matchmaker: it reads wait entries from the bus and
 * answers with matches, so the pod's own behaviour is what is checked.
 */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class SignalingServiceTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Connection nats;

    @Inject
    MatchTickets tickets;

    @Inject
    SessionRegistry registry;

    @BeforeEach
    void podIsReady() {
        PodReadiness.await();
    }

    @Test
    void matchedClientsRelaySignalsVerbatimAndLearnWhenThePartnerMovesOn() throws Exception {
        try (FakeMatchmaker matchmaker = new FakeMatchmaker(nats, tickets);
             TestSocket a = TestSocket.welcomed(ws); TestSocket b = TestSocket.welcomed(ws)) {
            String aId = matchmaker.joinAndReadSessionId(a);
            String bId = matchmaker.joinAndReadSessionId(b);
            matchmaker.match(aId, bId);

            ServerMessage.Matched aMatch = a.await(ServerMessage.Matched.class);
            ServerMessage.Matched bMatch = b.await(ServerMessage.Matched.class);
            assertThat(aMatch.matchId()).isEqualTo(bMatch.matchId());
            assertThat(aMatch.role()).isEqualTo(Role.OFFERER);
            assertThat(bMatch.role()).isEqualTo(Role.ANSWERER);
            assertThat(tickets.verify(aMatch.ticket()).orElseThrow().partnerOf(aId)).contains(bId);

            String payload = "{\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},  \"n\":1.50}";
            a.send("{\"type\":\"signal\",\"payload\":" + payload + "}");
            assertThat(b.await(ServerMessage.Signal.class).payload()).isEqualTo(payload);

            b.send("{\"type\":\"next\"}");
            assertThat(a.await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.NEXT);
            assertThat(b.await(ServerMessage.Queued.class).lobby()).isEqualTo("en");
            BusMessage.WaitBatch again = matchmaker.nextWait();
            assertThat(again.entries().get(0).avoid()).contains(aId);

            a.send("{\"type\":\"signal\",\"payload\":{}}");
            assertThat(a.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.NOT_MATCHED);
        }
    }

    @Test
    void aDroppedClientResumesWithItsTokenAndKeepsItsMatch() throws Exception {
        try (FakeMatchmaker matchmaker = new FakeMatchmaker(nats, tickets);
             TestSocket a = TestSocket.connect(ws); TestSocket b = TestSocket.welcomed(ws)) {
            String token = a.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class).token();
            String aId = matchmaker.joinAndReadSessionId(a);
            String bId = matchmaker.joinAndReadSessionId(b);
            matchmaker.match(aId, bId);
            String matchId = a.await(ServerMessage.Matched.class).matchId();
            b.await(ServerMessage.Matched.class);

            a.drop();
            // Frames are kept only once the pod has seen the socket go; before that they go to the dead socket.
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.find(aId).map(session -> session.connection() == null).orElse(false));
            b.send("{\"type\":\"signal\",\"payload\":{\"while\":\"away\"}}");
            try (TestSocket back = TestSocket.connect(ws)) {
                back.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
                assertThat(back.await(ServerMessage.Welcome.class).resumed()).isTrue();
                assertThat(back.await(ServerMessage.Matched.class).matchId()).isEqualTo(matchId);
                assertThat(back.await(ServerMessage.Signal.class).payload()).isEqualTo("{\"while\":\"away\"}");
            }
        }
    }

    @Test
    void badInputGetsItsDocumentedErrorOrClose() throws Exception {
        try (TestSocket socket = TestSocket.connect(ws)) {
            socket.send("{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\"}");
            assertThat(socket.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.HELLO_REQUIRED);
            socket.send("not json");
            assertThat(socket.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.MALFORMED);
            socket.send("{\"type\":\"teleport\"}");
            assertThat(socket.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
            socket.send("{\"type\":\"hello\",\"token\":\"forgedforgedforgedforged\"}");
            assertThat(socket.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.TOKEN_REJECTED);
            assertThat(socket.awaitClose()).isEqualTo(4004);
        }
        try (TestSocket socket = TestSocket.connect(ws)) {
            socket.send("{\"type\":\"hello\",\"padding\":\"" + "x".repeat(40_000) + "\"}");
            assertThat(socket.awaitClose()).isEqualTo(1009);
        }
        try (TestSocket socket = TestSocket.connect(ws)) {
            socket.send("{\"type\":\"hello\",\"padding\":\"" + "x".repeat(100_000) + "\"}");
            assertThat(socket.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void aDisallowedOriginIsRefusedAtTheUpgrade() {
        assertThatThrownBy(() -> TestSocket.connect(ws, Map.of("Origin", "https://evil.example")))
                .isInstanceOf(CompletionException.class)
                .hasStackTraceContaining("403");
        try (TestSocket allowed = TestSocket.connect(ws, Map.of("Origin", "http://localhost:8080"))) {
            allowed.send("{\"type\":\"hello\"}");
        }
    }

    @Test
    void welcomeCarriesFreshTurnCredentialsAndHonoursRelayOnly() throws Exception {
        TurnCredentials turn = new TurnCredentials("test-turn-secret-0123456789abcdefghij", Clock.systemUTC());
        try (TestSocket open = TestSocket.connect(ws); TestSocket hidden = TestSocket.connect(ws)) {
            ServerMessage.Welcome welcome = open.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class);
            assertThat(welcome.iceTransportPolicy()).isEqualTo(IceTransportPolicy.ALL);
            assertThat(welcome.limits().maxSignalBytes()).isEqualTo(16384);
            assertThat(welcome.iceServers()).hasSize(2);
            assertThat(welcome.iceServers().get(0).urls()).containsExactly("stun:127.0.0.1:3478");
            ServerMessage.IceServer relay = welcome.iceServers().get(1);
            assertThat(relay.urls()).containsExactly("turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp");
            assertThat(relay.username()).matches("\\d{10}:[0-9a-f]{16}");
            assertThat(relay.credential()).isEqualTo(turn.password(relay.username()));
            long expiry = Long.parseLong(relay.username().split(":")[0]);
            assertThat(expiry - Instant.now().getEpochSecond()).isBetween(590L, 600L);

            ServerMessage.IceServers refreshed = open.send("{\"type\":\"refresh-ice\"}").await(ServerMessage.IceServers.class);
            assertThat(refreshed.iceServers().get(1).username()).isNotEqualTo(relay.username());

            ServerMessage.Welcome hiddenWelcome = hidden.send("{\"type\":\"hello\",\"relayOnly\":true}")
                    .await(ServerMessage.Welcome.class);
            assertThat(hiddenWelcome.iceTransportPolicy()).isEqualTo(IceTransportPolicy.RELAY);
            assertThat(hiddenWelcome.iceServers()).singleElement()
                    .satisfies(server -> assertThat(server.urls()).allMatch(url -> url.startsWith("turn")));
        }
    }

    @Test
    void metricsAndHealthAreServed() {
        Management.given().get("/q/health/ready").then().statusCode(200).body(containsString("nats"));
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("ghostline_signaling_sessions"))
                .body(containsString("ghostline_signaling_errors_total{code=\"malformed\""));
    }

}
