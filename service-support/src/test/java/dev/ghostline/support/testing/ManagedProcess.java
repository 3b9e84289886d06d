package dev.ghostline.support.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * One OS process the tests start (a service, a server, a command), in its own working directory and temp
 * directory (the system tests' zero-data check reads both), with its stdout and stderr captured in memory.
 * Whoever starts one stops it: {@link #stop()}, {@link #kill()}, or {@link #awaitExit} for a command.
 */
public final class ManagedProcess {
    /** Replaced in a command line by the process's own temp directory. */
    public static final String TMP_DIR_PLACEHOLDER = "{tmpdir}";

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);
    private static final int LOG_TAIL_CHARS = 4000;
    /** How long the output is read after the process exited: what it wrote last is still in the pipe. */
    private static final long OUTPUT_END_MILLIS = 2000;

    private final String name;
    private final Path workDir;
    private final Path tmpDir;
    private final Process process;
    private final OutputCapture output;

    private ManagedProcess(String name, Path workDir, Path tmpDir, Process process) {
        this.name = name;
        this.workDir = workDir;
        this.tmpDir = tmpDir;
        this.process = process;
        this.output = new OutputCapture(name, process.getInputStream());
    }

    /**
     * Starts {@code command} in {@code <home>/work} with TMPDIR {@code <home>/tmp}, both created if missing, so a
     * fresh {@code home} gives empty ones. Inherited GHOSTLINE_* and QUARKUS_* variables are dropped so a
     * developer's shell cannot change a test.
     */
    public static ManagedProcess start(String name, Path home, List<String> command, Map<String, String> env) {
        try {
            Path workDir = Files.createDirectories(home.resolve("work"));
            Path tmpDir = Files.createDirectories(home.resolve("tmp"));
            ProcessBuilder builder = new ProcessBuilder(command(command, tmpDir))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(key -> key.startsWith("GHOSTLINE_") || key.startsWith("QUARKUS_"));
            environment.put("TMPDIR", tmpDir.toString());
            environment.putAll(env);
            return new ManagedProcess(name, workDir, tmpDir, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The JVM gets the temp dir as a system property too: Java ignores TMPDIR. */
    private static List<String> command(List<String> command, Path tmpDir) {
        return command.stream().map(part -> part.replace(TMP_DIR_PLACEHOLDER, tmpDir.toString())).toList();
    }

    /** Polls {@code probe} until it holds; fails at once, with the log tail, if the process exits. */
    public void awaitReady(Duration timeout, Callable<Boolean> probe) {
        try {
            Awaitility.await(name + " ready")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast(name + " exited", () -> !process.isAlive())
                    .until(probe);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(name + " did not become ready (" + e.getMessage() + "); output tail:\n"
                    + logTail(), e);
        }
    }

    /** Waits for a process that ends by itself (a command); false if it still runs after {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            return false;
        }
        output.awaitEnd(OUTPUT_END_MILLIS);
        return true;
    }

    /** Only once the process has exited (see {@link #awaitExit}). */
    public int exitCode() {
        return process.exitValue();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path workDir() {
        return workDir;
    }

    public Path tmpDir() {
        return tmpDir;
    }

    /** Everything the process wrote to stdout and stderr so far. */
    public String logs() {
        return output.text();
    }

    public String logTail() {
        String logs = logs();
        return logs.length() <= LOG_TAIL_CHARS ? logs : "…" + logs.substring(logs.length() - LOG_TAIL_CHARS);
    }

    /** SIGTERM, so the service shuts down gracefully; SIGKILL if it has not exited in time. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        // Process.destroy() would also close our end of the output pipe, losing everything logged at shutdown.
        process.toHandle().destroy();
        if (!waitFor(GRACEFUL_STOP)) {
            process.destroyForcibly();
            waitFor(GRACEFUL_STOP);
        }
        output.awaitEnd(OUTPUT_END_MILLIS);
    }

    /** SIGKILL: the process gets no chance to say goodbye, as when a node dies. */
    public void kill() {
        process.destroyForcibly();
        waitFor(GRACEFUL_STOP);
        output.awaitEnd(OUTPUT_END_MILLIS);
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + (process.isAlive() ? "" : ", exited") + "]";
    }
}
