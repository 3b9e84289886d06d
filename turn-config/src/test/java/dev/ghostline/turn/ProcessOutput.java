package dev.ghostline.turn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a child process's output on a daemon thread so a full pipe never blocks it.
 * Processes are started with redirectErrorStream(true), so one stream carries everything.
 */
final class ProcessOutput {
    private final StringBuffer text = new StringBuffer();
    private final Thread reader;

    private ProcessOutput(InputStream in) {
        reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException closed) {
                // process gone: nothing more to read
            }
        }, "process-output-drain");
        reader.setDaemon(true);
        reader.start();
    }

    static ProcessOutput drain(Process process) {
        return new ProcessOutput(process.getInputStream());
    }

    /** Waits for the stream to reach its end (after the process ended). */
    void awaitEnd(long millis) throws InterruptedException {
        reader.join(millis);
    }

    String text() {
        return text.toString();
    }
}
