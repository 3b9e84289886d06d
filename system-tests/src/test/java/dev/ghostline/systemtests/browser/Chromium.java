package dev.ghostline.systemtests.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's chromium driven by Playwright, with two fake cameras and fake microphones. One browser process per
 * test class; each "person" gets their own context (no shared storage), which is much lighter than a browser
 * each. Camera and microphone are allowed per context, as a person would allow them when asked, so a context
 * that was not allowed them gets the browser's real refusal. Playwright objects are not thread-safe: use them
 * from the test thread only.
 */
final class Chromium implements AutoCloseable {
    private static final Path EXECUTABLE = Path.of(System.getProperty("ghostline.chromium", "/usr/bin/chromium"));
    private static final List<String> ARGS = List.of(
            // Two cameras, so a test can pick the second one and see it chosen again after a reload.
            "--use-fake-device-for-media-stream=device-count=2",
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
    Person open(String name, String origin, boolean allowCameraAndMicrophone) {
        Browser.NewContextOptions options = new Browser.NewContextOptions().setViewportSize(900, 800);
        if (allowCameraAndMicrophone) {
            options.setPermissions(List.of("camera", "microphone"));
        }
        return new Person(name, origin, browser.newContext(options));
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
