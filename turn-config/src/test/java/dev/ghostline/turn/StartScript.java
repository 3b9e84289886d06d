package dev.ghostline.turn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * start-coturn.sh run for its rendering alone: {@code TURNSERVER_BIN} is {@code true}, so the script renders the
 * config, execs a program that exits at once, and leaves the rendered file to read. Everything lives in one temp
 * dir deleted before {@link #render} returns.
 */
final class StartScript {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    static final String SECRET = "test-only-secret-0123456789abcdefghijklmnop";

    /** The script's exit code, what it printed, and the rendered config (null when it stopped before). */
    record Rendered(int exitCode, String output, String config) {
    }

    private StartScript() {
    }

    /** Placeholder values for the template; tests override some. Files are relative to the temp dir. */
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
                Files.createDirectories(dir.resolve("tls"));
                Files.writeString(dir.resolve("tls/tls.crt"), "not a real certificate\n");
                Files.writeString(dir.resolve("tls/tls.key"), "not a real key\n");
            }
            ProcessBuilder builder = new ProcessBuilder(MODULE.resolve("start-coturn.sh").toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("output.txt").toFile());
            builder.environment().putAll(env);
            builder.environment().put("RUNTIME_DIR", dir.resolve("run").toString());
            builder.environment().put("TURN_TEMPLATE", MODULE.resolve("turnserver.conf").toString());
            builder.environment().put("TURNSERVER_BIN", "true");
            if (detectorAnswer != null) {
                builder.environment().put("TURN_DETECT_EXTERNAL_IP", detector(dir, detectorAnswer, detectorExit).toString());
            }
            Process process = builder.start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("start-coturn.sh did not finish");
            }
            Path rendered = dir.resolve("run/turnserver.conf");
            return new Rendered(process.exitValue(), Files.readString(dir.resolve("output.txt")),
                    Files.exists(rendered) ? Files.readString(rendered) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
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
