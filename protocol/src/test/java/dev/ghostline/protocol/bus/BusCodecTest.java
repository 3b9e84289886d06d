package dev.ghostline.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.PeerLeftReason;
import dev.ghostline.protocol.wire.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusCodecTest {
    private final BusCodec codec = new BusCodec();

    @Test
    void relayIsTaggedBinaryWithItsNumbersAndTheFrameUntouched() {
        String from = Ids.random();
        String frame = "{\"type\":\"signal\",\"seq\":3,\"payload\":{\"sdp\":\"ü\"}}";
        byte[] body = codec.encode(new BusMessage.Relay(from, 3, 7, frame));
        assertThat(new String(body, 0, 33, StandardCharsets.US_ASCII)).isEqualTo("R" + from);
        assertThat(java.nio.ByteBuffer.wrap(body, 33, 16).getLong()).isEqualTo(3);
        assertThat(new String(body, 49, body.length - 49, StandardCharsets.UTF_8)).isEqualTo(frame);
        assertThat(codec.decode(body)).isEqualTo(new BusMessage.Relay(from, 3, 7, frame));
    }

    @Test
    void everyControlMessageRoundTrips() {
        BusMessage.MatchView view = new BusMessage.MatchView(Ids.random(), Ids.random(), "pod-a", Role.ANSWERER, List.of("music"), "ticket",
                Ids.random());
        List<BusMessage> messages = List.of(
                new BusMessage.Matched(Ids.random(), 3, view),
                new BusMessage.PeerLeft(Ids.random(), Ids.random(), PeerLeftReason.NEXT),
                new BusMessage.PeerMoved(Ids.random(), Ids.random(), "pod-b"),
                new BusMessage.JoinRejected(Ids.random(), 2, ErrorCode.ROOM_FULL),
                new BusMessage.Claim("pod-c"),
                new BusMessage.Handover(new SessionSnapshot(Ids.random(), 4,
                        new SessionSnapshot.Join(JoinMode.RANDOM, "en", List.of("music"), null), 1234L, view,
                        List.of(Ids.random()), List.of(Ids.random()), List.of("{\"type\":\"queued\",\"mode\":\"random\",\"lobby\":\"en\"}"),
                        new SessionSnapshot.Signals(5, 4, List.of(new BusMessage.SignalFrame(5, 4, "{\"type\":\"signal\"}")), 2, 0))),
                new BusMessage.Locate(Ids.random()),
                new BusMessage.Located(view, 6, 5),
                new BusMessage.Replay(Ids.random(), Ids.random(), 3, true),
                new BusMessage.Replayed(List.of(new BusMessage.SignalFrame(4, 0, "{\"type\":\"signal\"}")), false),
                new BusMessage.WaitBatch("pod-a", List.of(new BusMessage.WaitEntry(Ids.random(), 1, JoinMode.RANDOM, "en",
                        List.of("music"), null, List.of(Ids.random()), 99L, false, Ids.random(), List.of(Ids.random())))),
                new BusMessage.CancelBatch("pod-a", List.of(new BusMessage.CancelEntry(Ids.random(), 5))),
                new BusMessage.Heartbeat("pod-a"),
                new BusMessage.SessionRevoked(Ids.random(), ReportReason.MINOR_SAFETY, 1_790_000_000L),
                new BusMessage.AddressBlocked("0f".repeat(16), 1_790_000_000L));
        for (BusMessage message : messages) {
            assertThat(codec.decode(codec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void garbageIsRejected() {
        assertThatThrownBy(() -> codec.decode("nope".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("{\"kind\":\"unknown\"}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subjectsAreBuiltFromSessionIds() {
        String id = Ids.random();
        assertThat(Subjects.session(id)).isEqualTo("gl.session." + id);
        assertThat(Subjects.sessionIdOf(Subjects.session(id))).isEqualTo(id);
        assertThat(Subjects.partnerOf(id)).isEqualTo("gl.partner." + id);
    }
}
