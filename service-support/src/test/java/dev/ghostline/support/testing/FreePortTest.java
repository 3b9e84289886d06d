package dev.ghostline.support.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @Test
    void portsComeFromBelowTheEphemeralRangeAndNeverTwice() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = i % 2 == 0 ? FreePort.allocate() : FreePort.allocateTcpAndUdp();
            assertThat(port).isBetween(FreePort.LOWEST, FreePort.HIGHEST);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }

    @Test
    void aPortForTcpAndUdpCanBeBoundForBothOnEveryAddress() throws IOException {
        int port = FreePort.allocateTcpAndUdp();
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(new InetSocketAddress(port));
            udp.bind(new InetSocketAddress(port));
            assertThat(tcp.getLocalPort()).isEqualTo(port);
            assertThat(udp.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortSomeoneListensOnIsNotHandedOut() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(FreePort.allocate()));
            for (int i = 0; i < 200; i++) {
                assertThat(FreePort.allocate()).isNotEqualTo(taken.getLocalPort());
            }
        }
    }
}
