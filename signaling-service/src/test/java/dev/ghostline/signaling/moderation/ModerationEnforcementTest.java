package dev.ghostline.signaling.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.bus.BusCodec;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.AddressHashes;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.moderation.ModerationStream;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.signaling.testing.FakeMatchmaker;
import dev.ghostline.signaling.testing.PodReadiness;
import dev.ghostline.signaling.testing.TestSocket;
import dev.ghostline.support.testing.NatsServerResource;
import io.nats.client.Connection;
import io.nats.client.api.MessageInfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A revocation published on the real JetStream stream, as the moderation service publishes it. The test
 * profile trusts X-Forwarded-For from loopback, so the revoked client can have an address of its own.
 */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class ModerationEnforcementTest {
    private static final String REVOKED_ADDRESS = "198.51.100.9";
    private final BusCodec bus = new BusCodec();

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Connection nats;

    @Inject
    MatchTickets tickets;

    @Inject
    AddressHashes addressHashes;

    @BeforeEach
    void podHasReadTheModerationStream() {
        // Until then the pod refuses every hello (see ReplayGateTest).
        PodReadiness.await();
    }

    @Test
    void aRevokedSessionIsEndedItsTokenRefusedAndItsAddressBlockedByHash() throws Exception {
        try (FakeMatchmaker matchmaker = new FakeMatchmaker(nats, tickets);
             TestSocket reported = TestSocket.connect(ws, forwardedFor(REVOKED_ADDRESS));
             TestSocket partner = TestSocket.connect(ws, forwardedFor("198.51.100.20"))) {
            String token = reported.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class).token();
            partner.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class);
            String reportedId = matchmaker.joinAndReadSessionId(reported);
            String partnerId = matchmaker.joinAndReadSessionId(partner);
            matchmaker.match(reportedId, partnerId);
            reported.await(ServerMessage.Matched.class);
            partner.await(ServerMessage.Matched.class);

            long until = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
            nats.jetStream().publish(ModerationStream.REVOKED,
                    bus.encode(new BusMessage.SessionRevoked(reportedId, ReportReason.HARASSMENT, until)));

            reported.await(ServerMessage.Revoked.class);
            assertThat(reported.awaitClose()).isEqualTo(4003);
            assertThat(partner.await(ServerMessage.PeerLeft.class).reason()).isEqualTo(PeerLeftReason.REVOKED);
            assertTokenRefused(token);
            assertNewSessionRefused(REVOKED_ADDRESS);
            try (TestSocket other = TestSocket.connect(ws, forwardedFor("198.51.100.10"))) {
                assertThat(other.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class).resumed()).isFalse();
            }
            // Other pods learn the block from the stream.
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(
                    lastBlockOnTheStream().addressHash()).isEqualTo(addressHashes.hash(REVOKED_ADDRESS)));
        }
    }

    @Test
    void aBlockedNetworkKeepsItsCallButStartsNoNewMatchEvenAfterAResume() throws Exception {
        String blocked = "198.51.100.40";
        try (FakeMatchmaker matchmaker = new FakeMatchmaker(nats, tickets);
             TestSocket revoked = hello(blocked);
             TestSocket inCall = hello(blocked);
             TestSocket spare = TestSocket.connect(ws, forwardedFor(blocked));
             TestSocket stranger = hello("198.51.100.41")) {
            String spareToken = spare.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class).token();
            String revokedId = matchmaker.joinAndReadSessionId(revoked);
            String inCallId = matchmaker.joinAndReadSessionId(inCall);
            String strangerId = matchmaker.joinAndReadSessionId(stranger);
            matchmaker.match(inCallId, strangerId);
            inCall.await(ServerMessage.Matched.class);
            stranger.await(ServerMessage.Matched.class);
            String spareId = matchmaker.joinAndReadSessionId(spare);

            long until = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
            nats.jetStream().publish(ModerationStream.REVOKED,
                    bus.encode(new BusMessage.SessionRevoked(revokedId, ReportReason.HARASSMENT, until)));
            assertThat(revoked.awaitClose()).isEqualTo(4003);

            assertThat(spare.await(ServerMessage.Error.class).code()).as("the spare tab's wait ends")
                    .isEqualTo(ErrorCode.ADDRESS_BLOCKED);
            assertThat(matchmaker.nextCancelFor(spareId).session()).isEqualTo(spareId);
            spare.send(JOIN);
            assertThat(spare.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.ADDRESS_BLOCKED);

            inCall.send("{\"type\":\"next\"}");
            assertThat(inCall.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.ADDRESS_BLOCKED);
            inCall.send("{\"type\":\"signal\",\"payload\":{\"n\":1}}");
            assertThat(stranger.awaitNext()).as("the call goes on, and nothing ended it")
                    .isInstanceOf(ServerMessage.Signal.class);

            spare.drop();
            try (TestSocket resumed = TestSocket.connect(ws, forwardedFor(blocked))) {
                resumed.send("{\"type\":\"hello\",\"token\":\"" + spareToken + "\"}");
                assertThat(resumed.await(ServerMessage.Welcome.class).resumed()).isTrue();
                resumed.send(JOIN);
                assertThat(resumed.await(ServerMessage.Error.class).code()).as("still blocked after the resume")
                        .isEqualTo(ErrorCode.ADDRESS_BLOCKED);
            }
        }
    }

    private static final String JOIN = "{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\"}";

    private TestSocket hello(String address) throws InterruptedException {
        TestSocket socket = TestSocket.connect(ws, forwardedFor(address));
        socket.send("{\"type\":\"hello\"}").await(ServerMessage.Welcome.class);
        return socket;
    }

    private void assertTokenRefused(String token) throws InterruptedException {
        try (TestSocket again = TestSocket.connect(ws, forwardedFor("198.51.100.30"))) {
            again.send("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
            assertThat(again.await(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.TOKEN_REJECTED);
            assertThat(again.awaitClose()).isEqualTo(4004);
        }
    }

    private void assertNewSessionRefused(String address) throws InterruptedException {
        // This pod held the session: it blocked the address before the client heard of the revocation, so the
        // very first attempt is refused, whatever the stream is doing.
        try (TestSocket fresh = TestSocket.connect(ws, forwardedFor(address))) {
            fresh.send("{\"type\":\"hello\"}");
            assertThat(fresh.await(ServerMessage.class)).isInstanceOf(ServerMessage.Error.class)
                    .extracting(m -> ((ServerMessage.Error) m).code()).isEqualTo(ErrorCode.ADDRESS_BLOCKED);
            assertThat(fresh.awaitClose()).isEqualTo(4003);
        }
    }

    private BusMessage.AddressBlocked lastBlockOnTheStream() throws Exception {
        MessageInfo last = nats.jetStreamManagement().getLastMessage(ModerationStream.NAME, ModerationStream.BLOCKED);
        return (BusMessage.AddressBlocked) bus.decode(last.getData());
    }

    private static Map<String, String> forwardedFor(String address) {
        return Map.of("X-Forwarded-For", address);
    }
}
