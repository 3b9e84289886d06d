package dev.ghostline.support.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Drains a child process's merged stdout/stderr into memory. Draining is needed anyway (a full pipe blocks
 * the child); keeping the text lets tests assert what a service logged and never touches the disk.
 */
final class OutputCapture {
    private final StringBuilder text = new StringBuilder();
    private final Thread drainer;

    OutputCapture(String name, InputStream output) {
        this.drainer = new Thread(() -> drain(output), "output-" + name);
        drainer.setDaemon(true);
        drainer.start();
    }

    private void drain(InputStream output) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(output, StandardCharsets.UTF_8)) {
            int read;
            while ((read = reader.read(buffer)) >= 0) {
                synchronized (text) {
                    text.append(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the child is killed: whatever arrived so far is kept.
        }
    }

    /** Waits (briefly) until the child closed its output, so nothing written at exit is missed. */
    void awaitEnd(long millis) {
        try {
            drainer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }
}
