package dev.ghostline.systemtests.harness;

import dev.ghostline.support.testing.FreePort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback between clients and one pod, which the test can {@link #freeze()}: from then on it
 * forwards nothing either way and passes on no close, so the pod's socket stays open and silent, as when a
 * phone loses its network without a FIN. Whatever either side sends after the freeze is read and dropped, as
 * a dead path drops packets.
 */
public final class FreezableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Guards forwarding against {@link #freeze()}: once it returns, not one more byte goes through. */
    private final Object forwarding = new Object();
    private boolean frozen;
    private volatile boolean targetClosed;

    private FreezableProxy(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /** Listens on a free loopback port and forwards each connection to {@code targetPort} on loopback. */
    public static FreezableProxy to(int targetPort) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePort.allocate()));
            FreezableProxy proxy = new FreezableProxy(listener, targetPort);
            daemon("proxy-accept-" + targetPort, proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a proxy to port " + targetPort, e);
        }
    }

    /** The pod's WebSocket address, through this proxy. */
    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/ws");
    }

    /** Stops forwarding both ways, for good, without closing either side. */
    public void freeze() {
        synchronized (forwarding) {
            frozen = true;
        }
    }

    /**
     * True once a connection to the pod has ended: the pod closed it, or (before a freeze only) a client's
     * close was passed on. After a freeze, only the pod can make it true.
     */
    public boolean targetClosed() {
        return targetClosed;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(FreezableProxy::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                continue;
            }
            sockets.add(client);
            try {
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(target);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                daemon("proxy-up-" + targetPort, () -> pump(client, target, false));
                daemon("proxy-down-" + targetPort, () -> pump(target, client, true));
            } catch (IOException refused) {
                // The pod is gone: this client sees its connection end, as it would without the proxy.
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromTarget) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) != -1) {
                synchronized (forwarding) {
                    if (!frozen) {
                        out.write(buffer, 0, read);
                    }
                }
            }
            passOn(to, false);
        } catch (IOException broken) {
            passOn(to, true);
        } finally {
            if (fromTarget) {
                targetClosed = true;
            }
        }
    }

    /** Passes an end on to the other side, unless frozen: then the other side must not learn anything. */
    private void passOn(Socket to, boolean reset) {
        synchronized (forwarding) {
            if (frozen) {
                return;
            }
            try {
                if (reset) {
                    to.close();
                } else {
                    to.shutdownOutput();
                }
            } catch (IOException alreadyGone) {
                // Nothing left to tell.
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is best effort at the end of a test.
        }
    }
}
