package dev.ghostline.systemtests.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's chromium driven by Playwright, with a fake camera and microphone. One browser process per test
 * class; each "person" gets their own context (no shared storage), which is much lighter than a browser each.
 * Playwright objects are not thread-safe: use them from the test thread only.
 */
final class Chromium implements AutoCloseable {
    private static final Path EXECUTABLE = Path.of(System.getProperty("ghostline.chromium", "/usr/bin/chromium"));
    private static final List<String> ARGS = List.of(
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--no-sandbox",
            // Autoplay with sound needs a user gesture; the Start click is one, but a resumed page has none.
            "--autoplay-policy=no-user-gesture-required");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium launch() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException(EXECUTABLE + " is missing: install it with apt-get install chromium"
                    + " (./ghostline test does)");
        }
        Playwright playwright = Playwright.create();
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setHeadless(true)
                    .setArgs(ARGS));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A new person with their own cookie jar and storage, on the page at {@code origin}. */
    Person open(String name, String origin) {
        return Person.open(name, browser, origin);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
