package dev.ghostline.signaling.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.ghostline.support.testing.Management;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.signaling.testing.JetStreamLaterResource;
import dev.ghostline.signaling.testing.PodReadiness;
import dev.ghostline.signaling.testing.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * A pod that has not read the moderation stream yet cannot tell a revoked token or a blocked address, so it
 * starts and resumes no session, even for a client that reached it without asking readiness (a proxy that
 * ignores it). Here NATS runs without JetStream at first, so the stream cannot be read: every hello is refused
 * with {@code unavailable} and close 1001; once JetStream is there and the stream is read, hello is welcomed.
 */
@QuarkusTest
@WithTestResource(JetStreamLaterResource.class)
class ReplayGateTest {
    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void helloIsRefusedUntilTheModerationStreamIsReplayed() throws Exception {
        Management.given().get("/q/health/ready").then().statusCode(503).body(containsString("moderation-stream"));
        assertRefused("{\"type\":\"hello\"}");
        assertRefused("{\"type\":\"hello\",\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAA\"}");

        JetStreamLaterResource.enableJetStream();
        PodReadiness.await();
        try (TestSocket socket = TestSocket.connect(ws)) {
            assertThat(socket.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class).resumed()).isFalse();
        }
    }

    private void assertRefused(String hello) throws InterruptedException {
        try (TestSocket socket = TestSocket.connect(ws)) {
            socket.send(hello);
            assertThat(socket.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(socket.awaitClose()).isEqualTo(1001);
        }
    }
}
