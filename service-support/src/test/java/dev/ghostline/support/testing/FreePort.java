package dev.ghostline.support.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the processes the tests start, so parallel builds and a running {@code ./ghostline up} never collide.
 *
 * <p>Not "bind port 0 and close": the kernel hands those out from its ephemeral range, where any outgoing
 * connection made before the process binds may take the same number as its source port (CI saw a matchmaker's
 * management port taken that way). These come from 10000-19999, below the ephemeral range (32768 and up on
 * Linux by default) and below coturn's relay ports in {@link Coturn} (20000 and up), so only an explicit bind
 * can take one. Each is checked free on every address before it is handed out, and never handed out twice in
 * one JVM.
 */
public final class FreePort {
    static final int LOWEST = 10_000;
    static final int HIGHEST = 19_999;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    /** A TCP port nothing listens on. */
    public static int allocate() {
        return pick(false);
    }

    /** A port free for both TCP and UDP (coturn listens on both). */
    public static int allocateTcpAndUdp() {
        return pick(true);
    }

    private static int pick(boolean udpToo) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
            if (HANDED_OUT.add(candidate) && free(candidate, udpToo)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + HIGHEST);
    }

    /** Bound on the wildcard address, so a listener on any one address counts as taken. */
    private static boolean free(int port, boolean udpToo) {
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.bind(new InetSocketAddress(port));
            if (udpToo) {
                new DatagramSocket(new InetSocketAddress(port)).close();
            }
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
