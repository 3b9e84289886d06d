package dev.ghostline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    @Test
    void defaultsAndTwoUrls() {
        BenchArgs args = BenchArgs.parse("--system", "ghostline-2pods", "--dialect", "ghostline", "--scenario", "relay",
                "--url", "ws://127.0.0.1:1/ws,ws://127.0.0.1:2/ws", "--server-pid", "10,11");
        assertThat(args.scenario()).isEqualTo(BenchArgs.Scenario.RELAY);
        assertThat(args.dialect()).isEqualTo(Dialect.Kind.GHOSTLINE);
        assertThat(args.pairs()).isEqualTo(200);
        assertThat(args.window()).isEqualTo(4);
        assertThat(args.origin()).isEqualTo("http://bench.test");
        assertThat(args.serverPids()).containsExactly(10L, 11L);
        assertThat(args.urlFor(0)).isEqualTo(URI.create("ws://127.0.0.1:1/ws"));
        assertThat(args.urlFor(1)).isEqualTo(URI.create("ws://127.0.0.1:2/ws"));
        assertThat(args.jvmServer()).isTrue();
        assertThat(args.signalRate()).isEqualTo(10_000);
    }

    @Test
    void thePacedRelayTakesASignalRate() {
        BenchArgs args = BenchArgs.parse("--system", "peerjs", "--dialect", "peerjs", "--scenario", "paced",
                "--url", "ws://127.0.0.1:9/peerjs", "--signal-rate", "2500");
        assertThat(args.scenario()).isEqualTo(BenchArgs.Scenario.PACED);
        assertThat(args.signalRate()).isEqualTo(2500);
        assertThatThrownBy(() -> BenchArgs.parse("--system", "x", "--dialect", "bare", "--scenario", "paced",
                "--url", "ws://h:1/", "--signal-rate", "0")).hasMessageContaining("--signal-rate");
    }

    @Test
    void oneUrlServesBothPartners() {
        BenchArgs args = BenchArgs.parse("--system", "peerjs", "--dialect", "PEERJS", "--scenario", "idle",
                "--url", "ws://127.0.0.1:9/peerjs", "--sessions", "42", "--jvm-server", "false");
        assertThat(args.urlFor(1)).isEqualTo(args.urlFor(0));
        assertThat(args.sessions()).isEqualTo(42);
        assertThat(args.jvmServer()).isFalse();
        assertThat(args.serverPids()).isEmpty();
    }

    @Test
    void refusesWhatItCannotUse() {
        List<String[]> bad = List.of(
                new String[] {"--system", "x", "--dialect", "ghostline", "--scenario", "relay"},
                new String[] {"--system", "x", "--dialect", "ghostline", "--scenario", "soak", "--url", "ws://h:1/"},
                new String[] {"--system", "x", "--dialect", "ghostline", "--scenario", "relay", "--url", "http://h:1/"},
                new String[] {"--system", "x", "--dialect", "ghostline", "--scenario", "relay", "--url", "ws://h:1/", "--pairs", "0"},
                new String[] {"--system", "x", "--dialect", "ghostline", "--scenario", "relay", "--url", "ws://h:1/", "--pairs", "many"},
                new String[] {"--system", "x", "--dialect", "ghostline", "--scenario", "relay", "--url", "ws://h:1/", "--bogus", "1"},
                new String[] {"--system", "x", "--dialect", "ghostline", "--scenario", "relay", "--url", "ws://h:1/", "--window"});
        for (String[] argv : bad) {
            assertThatThrownBy(() -> BenchArgs.parse(argv)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--");
        }
    }
}
