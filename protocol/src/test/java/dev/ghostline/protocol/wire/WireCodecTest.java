package dev.ghostline.protocol.wire;

import static dev.ghostline.protocol.wire.ClientMessage.NO_SEQ;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireCodecTest {
    private final WireCodec codec = new WireCodec(new WireValidator(16 * 1024));

    @Test
    void decodesEveryClientMessage() throws Exception {
        assertThat(codec.decodeClient("{\"type\":\"hello\"}")).isEqualTo(new ClientMessage.Hello(null, false, NO_SEQ));
        assertThat(codec.decodeClient("{\"type\":\"hello\",\"token\":\"abcdefghijklmnopqrstuvwxyz_-0123\"}"))
                .isEqualTo(new ClientMessage.Hello("abcdefghijklmnopqrstuvwxyz_-0123", false, NO_SEQ));
        assertThat(codec.decodeClient("{\"type\":\"hello\",\"relayOnly\":true}")).isEqualTo(new ClientMessage.Hello(null, true, NO_SEQ));
        assertThat(codec.decodeClient("{\"type\":\"hello\",\"token\":\"abcdefghijklmnopqrstuvwxyz_-0123\",\"lastSeq\":0}"))
                .isEqualTo(new ClientMessage.Hello("abcdefghijklmnopqrstuvwxyz_-0123", false, 0));
        assertThat(codec.decodeClient("{\"type\":\"refresh-ice\"}")).isEqualTo(new ClientMessage.RefreshIce());
        assertThat(codec.decodeClient("{\"type\":\"next\"}")).isEqualTo(new ClientMessage.Next());
        assertThat(codec.decodeClient("{\"type\":\"leave\"}")).isEqualTo(new ClientMessage.Leave());
        assertThat(codec.decodeClient("{\"type\":\"bye\"}")).isEqualTo(new ClientMessage.Bye());
    }

    @Test
    void normalisesRandomJoin() throws Exception {
        ClientMessage message = codec.decodeClient(
                "{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\" EN \",\"interests\":[\"Music\",\"music\",\" Indie  Rock \"]}");
        assertThat(message).isEqualTo(new ClientMessage.Join(JoinMode.RANDOM, "en", List.of("music", "indie rock"), null));
    }

    @Test
    void decodesRoomJoin() throws Exception {
        String room = "A".repeat(43);
        assertThat(codec.decodeClient("{\"type\":\"join\",\"mode\":\"room\",\"room\":\"" + room + "\"}"))
                .isEqualTo(new ClientMessage.Join(JoinMode.ROOM, null, List.of(), room));
    }

    @Test
    void keepsSignalPayloadVerbatim() throws Exception {
        String payload = "{ \"sdp\" : \"v=0\\r\\no=- 1 2 IN IP4 0.0.0.0\", \"n\": 1.50, \"nested\": {\"a\": [1, {\"b\": null}]} }";
        ClientMessage message = codec.decodeClient("{\"payload\":" + payload + ",\"type\":\"signal\"}");
        assertThat(message).isEqualTo(new ClientMessage.Signal(payload, NO_SEQ));
        assertThat(codec.encode(new ServerMessage.Signal(3, payload)))
                .isEqualTo("{\"type\":\"signal\",\"seq\":3,\"payload\":" + payload + "}");
    }

    @Test
    void sequenceNumbersAreWholeNumbersInTheirRange() throws Exception {
        assertThat(codec.decodeClient("{\"type\":\"signal\",\"seq\":7,\"payload\":{}}"))
                .isEqualTo(new ClientMessage.Signal("{}", 7));
        assertThat(codec.decodeClient("{\"type\":\"hello\",\"lastSeq\":12}")).isEqualTo(new ClientMessage.Hello(null, false, 12));
        for (String frame : List.of("{\"type\":\"signal\",\"seq\":0,\"payload\":{}}",
                "{\"type\":\"signal\",\"seq\":1.5,\"payload\":{}}", "{\"type\":\"signal\",\"seq\":\"1\",\"payload\":{}}",
                "{\"type\":\"hello\",\"lastSeq\":-1}", "{\"type\":\"hello\",\"lastSeq\":99999999999999999999}")) {
            assertCode(frame, ErrorCode.INVALID_FIELD);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "\"hello\"", "{", "{\"type\":\"hello\"} {}", "{\"type\":\"hello\",\"type\":\"bye\"}", "{'type':'hello'}"})
    void rejectsMalformedFrames(String frame) {
        assertCode(frame, ErrorCode.MALFORMED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"dance\"}|UNKNOWN_TYPE",
        "{}|INVALID_FIELD",
        "{\"type\":7}|INVALID_FIELD",
        "{\"type\":\"join\"}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"random\"}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"bad lobby!\"}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\",\"interests\":\"music\"}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\",\"interests\":[1]}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\",\"interests\":[\"<script>\"]}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\",\"room\":\"AAAAAAAAAAAAAAAAAAAAAAAA\"}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"room\",\"room\":\"short\"}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"room\",\"room\":\"AAAAAAAAAAAAAAAAAAAAAAAA\",\"lobby\":\"en\"}|INVALID_FIELD",
        "{\"type\":\"join\",\"mode\":\"other\"}|INVALID_FIELD",
        "{\"type\":\"signal\"}|INVALID_FIELD",
        "{\"type\":\"signal\",\"payload\":\"text\"}|INVALID_FIELD",
        "{\"type\":\"hello\",\"token\":\"short\"}|INVALID_FIELD",
        "{\"type\":\"hello\",\"token\":42}|INVALID_FIELD",
        "{\"type\":\"hello\",\"relayOnly\":\"yes\"}|INVALID_FIELD",
    })
    void rejectsInvalidMessages(String frame, ErrorCode expected) {
        assertCode(frame, expected);
    }

    @Test
    void rejectsTooManyInterests() {
        String eleven = "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]";
        assertCode("{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"en\",\"interests\":" + eleven + "}", ErrorCode.INVALID_FIELD);
    }

    @Test
    void rejectsOversizedSignalByUtf8Bytes() {
        WireCodec small = new WireCodec(new WireValidator(300));
        String fits = "{\"s\":\"" + "x".repeat(290) + "\"}";
        String tooBig = "{\"s\":\"" + "é".repeat(150) + "\"}";
        assertThat(catching(() -> small.decodeClient("{\"type\":\"signal\",\"payload\":" + fits + "}"))).isNull();
        assertThat(catching(() -> small.decodeClient("{\"type\":\"signal\",\"payload\":" + tooBig + "}")).code())
                .isEqualTo(ErrorCode.SIGNAL_TOO_LARGE);
    }

    @Test
    void rejectsDeeplyNestedPayload() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertCode("{\"type\":\"signal\",\"payload\":" + deep + "}", ErrorCode.INVALID_FIELD);
    }

    @Test
    void errorDetailsNeverEchoInput() {
        String secret = "SECRET-LOBBY-VALUE-203.0.113.7";
        ProtocolException e = catching(() -> codec.decodeClient("{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"" + secret + "\"}"));
        assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("203.0.113.7");
    }

    @Test
    void encodesServerMessagesWithTypeAndKebabCaseEnums() {
        assertThat(codec.encode(new ServerMessage.Matched("m1", Role.OFFERER, List.of("music"), "t1")))
                .isEqualTo("{\"type\":\"matched\",\"matchId\":\"m1\",\"role\":\"offerer\",\"commonInterests\":[\"music\"],\"ticket\":\"t1\"}");
        assertThat(codec.encode(new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"rate-limited\",\"message\":\"slow down\"}");
        assertThat(codec.encode(new ServerMessage.PeerLeft(PeerLeftReason.NEXT))).isEqualTo("{\"type\":\"peer-left\",\"reason\":\"next\"}");
        assertThat(codec.encode(new ServerMessage.Queued(JoinMode.ROOM, null))).isEqualTo("{\"type\":\"queued\",\"mode\":\"room\"}");
        assertThat(codec.encode(new ServerMessage.Revoked())).isEqualTo("{\"type\":\"revoked\"}");
        assertThat(codec.encode(new ServerMessage.Reconnect(1500))).isEqualTo("{\"type\":\"reconnect\",\"afterMs\":1500}");
        assertThat(codec.decodeServer("{\"type\":\"reconnect\",\"afterMs\":1500}")).isEqualTo(new ServerMessage.Reconnect(1500));
    }

    @Test
    void rolesAreReadFromTheirWireCodesOnly() {
        assertThat(Role.fromWire("offerer")).contains(Role.OFFERER);
        assertThat(Role.fromWire("answerer")).contains(Role.ANSWERER);
        assertThat(Role.fromWire("OFFERER")).isEmpty();
        assertThat(Role.fromWire("a")).isEmpty();
        assertThat(Role.fromWire(null)).isEmpty();
    }

    @Test
    void serverFramesRoundTrip() {
        List<ServerMessage.IceServer> ice = List.of(new ServerMessage.IceServer(List.of("stun:example.org:3478"), null, null),
                new ServerMessage.IceServer(List.of("turn:example.org:3478?transport=udp"), "1795263000:abc", "pw="));
        ServerMessage welcome = new ServerMessage.Welcome("tok", true, ice, IceTransportPolicy.RELAY,
                new ServerMessage.Limits(32768, 16384, 50, 100, 30, 10), null);
        ServerMessage resumedIntoAMatch = new ServerMessage.Welcome("tok", true, ice, IceTransportPolicy.RELAY,
                new ServerMessage.Limits(32768, 16384, 50, 100, 30, 10), 4L);
        assertThat(codec.encode(welcome)).doesNotContain("lastSentSeq");
        assertThat(codec.encode(resumedIntoAMatch)).contains("\"lastSentSeq\":4");
        assertThat(codec.decodeServer(codec.encode(resumedIntoAMatch))).isEqualTo(resumedIntoAMatch);
        assertThat(codec.decodeServer(codec.encode(welcome))).isEqualTo(welcome);
        assertThat(codec.encode(welcome)).contains("\"iceTransportPolicy\":\"relay\"").doesNotContain("\"username\":null");
        ServerMessage refreshed = new ServerMessage.IceServers(ice, IceTransportPolicy.ALL);
        assertThat(codec.decodeServer(codec.encode(refreshed))).isEqualTo(refreshed);
        assertThat(codec.decodeServer("{\"type\":\"signal\",\"payload\":{\"a\":1}}")).isEqualTo(new ServerMessage.Signal(0, "{\"a\":1}"));
        assertThat(codec.decodeServer("{\"type\":\"signal\",\"seq\":9,\"payload\":{\"a\":1}}"))
                .isEqualTo(new ServerMessage.Signal(9, "{\"a\":1}"));
    }

    private void assertCode(String frame, ErrorCode expected) {
        ProtocolException e = catching(() -> codec.decodeClient(frame));
        assertThat(e).as(frame).isNotNull();
        assertThat(e.code()).as(frame).isEqualTo(expected);
    }

    private interface Decode {
        Object run() throws ProtocolException;
    }

    private static ProtocolException catching(Decode decode) {
        try {
            decode.run();
            return null;
        } catch (ProtocolException e) {
            return e;
        }
    }
}
