package dev.ghostline.turn;

import dev.ghostline.support.testing.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * start-coturn.sh run for its rendering alone: {@code TURNSERVER_BIN} is {@code true}, so the script renders the
 * config, execs a program that exits at once, and leaves the rendered file to read. Everything lives in one temp
 * dir deleted before {@link #render} returns.
 */
final class StartScript {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    static final String SECRET = "test-only-secret-0123456789abcdefghijklmnop";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The script's exit code, what it printed, and the rendered config (null when it stopped before). */
    record Rendered(int exitCode, String output, String config) {
    }

    private StartScript() {
    }

    /** Placeholder values for the template; tests override some. Files are relative to the script's working dir. */
    static Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TURN_SECRET", SECRET);
        env.put("TURN_REALM", "ghostline.test");
        env.put("TURN_LISTENING_IP", "127.0.0.1");
        env.put("TURN_RELAY_IP", "127.0.0.1");
        env.put("TURN_EXTERNAL_IP", "203.0.113.5/127.0.0.1");
        env.put("TURN_TLS_CERT", "tls/tls.crt");
        env.put("TURN_TLS_PKEY", "tls/tls.key");
        return env;
    }

    /**
     * @param env            the script's environment (relative paths are in the temp dir)
     * @param tlsFiles       whether to create non-empty tls/tls.crt and tls/tls.key in the temp dir
     * @param detectorAnswer what the stand-in detector prints, or null for no detector
     * @param detectorExit   the stand-in detector's exit code
     */
    static Rendered render(Map<String, String> env, boolean tlsFiles, String detectorAnswer, int detectorExit) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ghostline-turn-script-");
            if (tlsFiles) {
                // ManagedProcess runs the script in <home>/work, where the environment's relative paths start.
                Path tls = Files.createDirectories(dir.resolve("work/tls"));
                Files.writeString(tls.resolve("tls.crt"), "not a real certificate\n");
                Files.writeString(tls.resolve("tls.key"), "not a real key\n");
            }
            Map<String, String> variables = new LinkedHashMap<>(env);
            variables.put("RUNTIME_DIR", dir.resolve("run").toString());
            variables.put("TURN_TEMPLATE", MODULE.resolve("turnserver.conf").toString());
            variables.put("TURNSERVER_BIN", "true");
            if (detectorAnswer != null) {
                variables.put("TURN_DETECT_EXTERNAL_IP", detector(dir, detectorAnswer, detectorExit).toString());
            }
            ManagedProcess script = ManagedProcess.start("start-coturn.sh", dir,
                    List.of(MODULE.resolve("start-coturn.sh").toString()), variables);
            if (!script.awaitExit(TIMEOUT)) {
                script.kill();
                throw new AssertionError("start-coturn.sh did not finish within " + TIMEOUT + ":\n" + script.logs());
            }
            Path rendered = dir.resolve("run/turnserver.conf");
            String config = Files.exists(rendered) ? Files.readString(rendered) : null;
            return new Rendered(script.exitCode(), script.logs(), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * A stand-in for the coturn image's detect-external-ip, which asks public DNS resolvers for this host's
     * address: none is reachable from a build machine. It prints {@code answer} and exits with {@code exitCode}.
     */
    static Path detector(Path dir, String answer, int exitCode) throws IOException {
        Path script = dir.resolve("detect-external-ip");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' '" + answer.replace("'", "") + "'\nexit " + exitCode + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp dir must not fail the test
        }
    }
}
