package dev.ghostline.signaling.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {
    private final ClientAddressResolver untrusting = new ClientAddressResolver(List.of());
    private final ClientAddressResolver behindProxy = new ClientAddressResolver(List.of("10.0.0.0/8", "127.0.0.1", "fd00::/8"));

    @Test
    void usesTheSocketPeerWhenNoProxyIsTrusted() {
        assertThat(untrusting.resolve("127.0.0.1:5000", List.of("203.0.113.7"))).isEqualTo("127.0.0.1");
    }

    @Test
    void takesTheRightMostUntrustedHopFromATrustedProxy() {
        assertThat(behindProxy.resolve("10.1.2.3:443", List.of("198.51.100.1, 203.0.113.7, 10.9.9.9"))).isEqualTo("203.0.113.7");
        assertThat(behindProxy.resolve("127.0.0.1:443", List.of("198.51.100.1", "203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        assertThat(behindProxy.resolve("198.51.100.9:1234", List.of("203.0.113.7"))).isEqualTo("198.51.100.9");
    }

    @Test
    void fallsBackToThePeerOnGarbageAndNeverResolvesNames() {
        assertThat(behindProxy.resolve("10.0.0.1:1", List.of("evil.example.org"))).isEqualTo("10.0.0.1");
        assertThat(behindProxy.resolve("10.0.0.1:1", List.of())).isEqualTo("10.0.0.1");
    }

    @Test
    void handlesIpv6() {
        assertThat(behindProxy.resolve("[fd00::1]:443", List.of("2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(ClientAddressResolver.stripPort("0:0:0:0:0:0:0:1:5000")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(ClientAddressResolver.stripPort("::1")).isEqualTo("::1");
    }

    @Test
    void rejectsBadProxyConfiguration() {
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddressResolver(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAddressesOnTheInternetArePublic() {
        assertThat(ClientAddressResolver.isPublic("198.51.100.1")).isTrue();
        assertThat(ClientAddressResolver.isPublic("2001:db8:1:2::7")).isTrue();
        assertThat(ClientAddressResolver.isPublic("::ffff:198.51.100.1")).as("mapped IPv4").isTrue();
        for (String local : new String[] {"127.0.0.1", "127.0.0.61", "::1", "10.0.0.1", "172.16.5.4",
                "192.168.1.10", "169.254.1.1", "fe80::1", "fd00::1", "0.0.0.0", "::ffff:127.0.0.1"}) {
            assertThat(ClientAddressResolver.isPublic(local)).as(local).isFalse();
        }
        assertThat(ClientAddressResolver.isPublic("localhost")).as("names are never looked up").isFalse();
        assertThat(ClientAddressResolver.isPublic(null)).isFalse();
    }
}
