package dev.ghostline.signaling.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ServerMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A client of a {@link TestPod}: what it sends goes through the pod's real session service. */
final class TestClient {
    final TestPod pod;
    final ClientConnection connection;
    private final RecordingChannel channel;
    private int read;

    TestClient(TestPod pod, ClientConnection connection, RecordingChannel channel) {
        this.pod = pod;
        this.connection = connection;
        this.channel = channel;
    }

    TestClient send(String frame) {
        pod.service.onFrame(connection, frame);
        return this;
    }

    /** Says hello (with {@code token} when not null) and returns the welcome. */
    ServerMessage.Welcome hello(String token) {
        send(token == null ? "{\"type\":\"hello\"}" : "{\"type\":\"hello\",\"token\":\"" + token + "\"}");
        return next(ServerMessage.Welcome.class);
    }

    TestClient join(String lobby) {
        return send("{\"type\":\"join\",\"mode\":\"random\",\"lobby\":\"" + lobby + "\"}");
    }

    /** The socket closed without a close handshake. */
    void drop() {
        pod.service.onClose(connection);
    }

    /** The next frame not read yet, which must be a {@code type}. */
    <T extends ServerMessage> T next(Class<T> type) {
        List<ServerMessage> unread = unread();
        assertThat(unread).as("frames not read yet").isNotEmpty();
        read++;
        assertThat(unread.get(0)).isInstanceOf(type);
        return type.cast(unread.get(0));
    }

    /** Every frame not read yet, in order; reading them marks them read. */
    List<ServerMessage> drain() {
        List<ServerMessage> unread = unread();
        read += unread.size();
        return unread;
    }

    List<CloseCode> closes() {
        return channel.closes;
    }

    /** The id of the session this client's connection holds. */
    String sessionId() {
        return connection.session().id();
    }

    static String sessionIdOf(String token, Clock clock) {
        return new SessionTokens(TestPod.SECRET, clock).verify(token).orElseThrow().sessionId();
    }

    private List<ServerMessage> unread() {
        List<ServerMessage> unread = new ArrayList<>();
        for (int i = read; i < channel.frames.size(); i++) {
            unread.add(TestPod.CODEC.decodeServer(channel.frames.get(i)));
        }
        return unread;
    }

    static final class RecordingChannel implements ClientChannel {
        final List<String> frames = new ArrayList<>();
        final List<CloseCode> closes = new ArrayList<>();

        @Override
        public void send(String frame) {
            frames.add(frame);
        }

        @Override
        public void close(CloseCode code) {
            closes.add(code);
        }
    }
}
