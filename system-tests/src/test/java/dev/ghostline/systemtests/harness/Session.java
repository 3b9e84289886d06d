package dev.ghostline.systemtests.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.JoinMode;
import dev.ghostline.protocol.wire.ServerMessage;
import java.net.URI;
import java.util.Map;

/**
 * A well-behaved client session over a {@link WsClient}: hello, join, remembers its token and last match.
 * Tests use it for the happy path and the raw client underneath for anything else.
 */
public final class Session implements AutoCloseable {
    private final String name;
    private final WsClient ws;
    private final ServerMessage.Welcome welcome;
    private ServerMessage.Matched matched;

    private Session(String name, WsClient ws, ServerMessage.Welcome welcome) {
        this.name = name;
        this.ws = ws;
        this.welcome = welcome;
    }

    /** Connects and says hello without a token; expects a fresh session. */
    public static Session start(String name, URI pod) {
        return start(name, pod, Map.of());
    }

    public static Session start(String name, URI pod, Map<String, String> headers) {
        WsClient ws = WsClient.connect(pod, headers);
        ws.send(ClientFrames.hello());
        ServerMessage.Welcome welcome = ws.await(ServerMessage.Welcome.class);
        assertThat(welcome.resumed()).as("%s: a hello without a token starts a new session", name).isFalse();
        assertThat(welcome.token()).as("%s: welcome token", name).isNotBlank();
        return new Session(name, ws, welcome);
    }

    /** Connects and says hello with {@code token}; the caller checks the welcome's {@code resumed}. */
    public static Session resume(String name, URI pod, String token) {
        WsClient ws = WsClient.connect(pod);
        ws.send(ClientFrames.hello(token));
        return new Session(name, ws, ws.await(ServerMessage.Welcome.class));
    }

    /** Joins a random-mode lobby and expects {@code queued} for it. */
    public ServerMessage.Queued join(String lobby, String... interests) {
        ws.send(ClientFrames.joinRandom(lobby, interests));
        ServerMessage.Queued queued = ws.await(ServerMessage.Queued.class);
        assertThat(queued.mode()).as("%s: queued mode", name).isEqualTo(JoinMode.RANDOM);
        return queued;
    }

    public ServerMessage.Matched awaitMatched() {
        matched = ws.await(ServerMessage.Matched.class);
        assertThat(matched.matchId()).as("%s: matchId", name).isNotBlank();
        assertThat(matched.ticket()).as("%s: ticket", name).isNotBlank();
        return matched;
    }

    public void send(String rawFrame) {
        ws.send(rawFrame);
    }

    public String name() {
        return name;
    }

    public WsClient ws() {
        return ws;
    }

    public ServerMessage.Welcome welcome() {
        return welcome;
    }

    public String token() {
        return welcome.token();
    }

    /** The last {@code matched} this session received, or null. */
    public ServerMessage.Matched matched() {
        return matched;
    }

    @Override
    public void close() {
        ws.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
