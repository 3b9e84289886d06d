package dev.ghostline.signaling.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.signaling.testing.PodReadiness;
import dev.ghostline.signaling.testing.TestSocket;
import dev.ghostline.support.testing.NatsServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-address cap as an attacker meets it: one address (through the trusted X-Forwarded-For of the test
 * profile) opens sessions until it is refused, and the places it frees are the only ones it gets back.
 */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class SessionsPerAddressTest {
    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "ghostline.signaling.max-sessions-per-address")
    int max;

    @BeforeEach
    void podIsReady() {
        PodReadiness.await();
    }

    @Test
    void oneAddressPastItsCapIsRefusedWith4010WhileAnotherIsAccepted() throws Exception {
        List<TestSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < max; i++) {
                held.add(welcomedFrom("198.51.100.77"));
            }
            try (TestSocket refused = TestSocket.connect(ws, forwardedFor("198.51.100.77"))) {
                refused.send("{\"type\":\"hello\"}");
                assertThat(refused.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.TOO_MANY_SESSIONS);
                assertThat(refused.awaitClose()).isEqualTo(4010);
            }
            held.add(welcomedFrom("198.51.100.78"));

            // A dropped socket keeps its session for the resume window, so only bye frees a place.
            held.get(0).send("{\"type\":\"bye\"}").awaitClose();
            held.add(welcomedFrom("198.51.100.77"));
        } finally {
            held.forEach(TestSocket::close);
        }
    }

    @Test
    void anIpv6SubscriberCannotEscapeTheCapByPickingAnotherAddressInItsSlash64() throws Exception {
        List<TestSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < max; i++) {
                held.add(welcomedFrom("2001:db8:7:7::" + Integer.toHexString(i + 1)));
            }
            try (TestSocket refused = TestSocket.connect(ws, forwardedFor("2001:db8:7:7:ffff::1"))) {
                refused.send("{\"type\":\"hello\"}");
                assertThat(refused.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.TOO_MANY_SESSIONS);
            }
            held.add(welcomedFrom("2001:db8:7:8::1"));
        } finally {
            held.forEach(TestSocket::close);
        }
    }

    private TestSocket welcomedFrom(String address) throws InterruptedException {
        TestSocket socket = TestSocket.connect(ws, forwardedFor(address));
        assertThat(socket.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class).resumed()).isFalse();
        return socket;
    }

    private static Map<String, String> forwardedFor(String address) {
        return Map.of("X-Forwarded-For", address);
    }
}
