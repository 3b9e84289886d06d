package dev.ghostline.support.testing;

import io.nats.NatsServerRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * One real nats-server (the Debian package, found on PATH) on a loopback port. With JetStream, its store
 * directory is a temporary one removed at close: Ghostline only ever creates memory streams, so it stays empty.
 */
public final class NatsProcess implements AutoCloseable {
    private final NatsServerRunner server;
    private final Path storeDir;
    private boolean closed;

    private NatsProcess(NatsServerRunner server, Path storeDir) {
        this.server = server;
        this.storeDir = storeDir;
    }

    /** With JetStream, on a free port. */
    public static NatsProcess withJetStream() {
        return withJetStream(null);
    }

    /** With JetStream, on {@code port} (null: a free one), e.g. to stand in for a server that was stopped. */
    public static NatsProcess withJetStream(Integer port) {
        Path storeDir = null;
        try {
            storeDir = Files.createTempDirectory("ghostline-js-");
            NatsServerRunner.Builder builder = NatsServerRunner.builder()
                    .configInserts(List.of("jetstream { store_dir: \"" + storeDir + "\" }"))
                    .outputLevel(Level.WARNING);
            return new NatsProcess(port == null ? builder.build() : builder.port(port).build(), storeDir);
        } catch (Exception e) {
            deleteRecursively(storeDir);
            throw new IllegalStateException("could not start nats-server", e);
        }
    }

    /** Without JetStream, on a free port: a service that needs a stream cannot find one. */
    public static NatsProcess withoutJetStream() {
        try {
            return new NatsProcess(NatsServerRunner.builder().outputLevel(Level.WARNING).build(), null);
        } catch (Exception e) {
            throw new IllegalStateException("could not start nats-server", e);
        }
    }

    public String url() {
        return server.getURI();
    }

    public int port() {
        return server.getPort();
    }

    /**
     * Stops the server and removes its store directory and the config file the runner wrote for it (it leaves
     * that behind in the temp directory otherwise); a second call does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop nats-server", e);
        } finally {
            deleteRecursively(storeDir);
            if (server.getConfigFile() != null) {
                Path.of(server.getConfigFile()).toFile().delete();
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + dir, e);
        }
    }
}
