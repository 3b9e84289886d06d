package dev.ghostline.systemtests.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * One person at the page, in their own browser context: what they click, what the page shows (the body's
 * {@code data-state}, the status line, the chat) and what the page's read-only hook reports about the call.
 * Also records what the page did that it must not: console errors, script errors, requests to other origins,
 * and every WebSocket frame, and counts through {@link PageProbe} what it left open.
 */
final class Person implements AutoCloseable {
    /** Matching, the handshake and ICE on a loaded 2-core machine: generous, but an await, not a sleep. */
    static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String origin;
    private final BrowserContext context;
    private final Page page;
    private final Response firstResponse;
    private final List<String> consoleErrors = new ArrayList<>();
    private final List<String> foreignRequests = new ArrayList<>();
    private final List<String> webSockets = new ArrayList<>();
    private final WireLog wire = new WireLog();
    private final PageProbe probe;

    Person(String name, String origin, BrowserContext context) {
        this.name = name;
        this.origin = origin;
        this.context = context;
        context.addInitScript(PageProbe.INIT_SCRIPT);
        this.page = context.newPage();
        this.probe = new PageProbe(page);
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.add(message.text());
            }
        });
        page.onPageError(error -> consoleErrors.add("uncaught: " + error));
        page.onRequest(request -> {
            if (!request.url().startsWith(origin + "/")) {
                foreignRequests.add(request.url());
            }
        });
        page.onWebSocket(socket -> {
            webSockets.add(socket.url());
            wire.watch(socket);
            if (!socket.url().equals(origin.replaceFirst("^http", "ws") + "/ws")) {
                foreignRequests.add(socket.url());
            }
        });
        this.firstResponse = page.navigate(origin + "/");
    }

    /** The response to the page load itself, for its headers. */
    Response pageResponse() {
        return firstResponse;
    }

    /** Fills in the setup form and presses Start. */
    Person start(String lobby, String interests, boolean hideIp) {
        page.selectOption("#lobby", lobby);
        page.fill("#interests", interests);
        page.setChecked("#hide-ip", hideIp);
        page.click("#start");
        return this;
    }

    void press(String button) {
        page.click("#" + button);
    }

    /** A reload: a new person as far as Ghostline knows, with this browser's saved preferences. */
    void reload() {
        page.reload();
    }

    /** What the page keeps in localStorage, parsed; empty when nothing is stored. */
    @SuppressWarnings("unchecked")
    Map<String, Object> storedPreferences() {
        Object stored = page.evaluate("() => JSON.parse(localStorage.getItem('ghostline.preferences') || '{}')");
        return (Map<String, Object>) stored;
    }

    /** The device id of the camera track the page is sending, or null when it has none. */
    String cameraInUse() {
        return (String) page.evaluate("() => document.getElementById('local-video').srcObject"
                + "?.getVideoTracks()[0]?.getSettings().deviceId ?? null");
    }

    /** The device id of the microphone track the page is sending, or null when it has none. */
    String microphoneInUse() {
        return (String) page.evaluate("() => document.getElementById('local-video').srcObject"
                + "?.getAudioTracks()[0]?.getSettings().deviceId ?? null");
    }

    /**
     * From now on the page's WebSockets pass through Playwright, which relays every frame both ways except the
     * first one of {@code type} the page sends: that one is swallowed and the connection drops (1001 both ways),
     * as when a socket dies with a frame unread. Later sockets are relayed whole. Reloads the page, so call it
     * before Start.
     */
    void loseFirstSent(String type) {
        boolean[] lost = {false};
        WebSocketRoute.CloseOptions goingAway = new WebSocketRoute.CloseOptions().setCode(1001);
        page.routeWebSocket(origin.replaceFirst("^http", "ws") + "/ws", toPage -> {
            WebSocketRoute toServer = toPage.connectToServer();
            toPage.onMessage(frame -> {
                if (!lost[0] && type.equals(WireLog.typeOf(frame.text()))) {
                    lost[0] = true;
                    toServer.close(goingAway);
                    toPage.close(goingAway);
                } else {
                    toServer.send(frame.text());
                }
            });
            toServer.onMessage(frame -> toPage.send(frame.text()));
        });
        page.reload(); // Playwright routes the sockets of documents loaded after the route only
    }

    Person awaitState(String state) {
        assertThat(page.locator("body")).hasAttribute("data-state", state,
                new LocatorAssertions.HasAttributeOptions().setTimeout(STATE_TIMEOUT.toMillis()));
        return this;
    }

    String state() {
        return page.locator("body").getAttribute("data-state");
    }

    Person awaitStatus(String text) {
        assertThat(page.locator("#status")).hasText(text,
                new LocatorAssertions.HasTextOptions().setTimeout(STATE_TIMEOUT.toMillis()));
        return this;
    }

    String status() {
        return page.locator("#status").textContent();
    }

    /** The page's read-only hook: {state, link, matches, role}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> snapshot() {
        return (Map<String, Object>) page.evaluate("() => window.ghostline.state()");
    }

    /** The page's read-only hook on the call's stats: connection state, candidate types, frame counts. */
    @SuppressWarnings("unchecked")
    Map<String, Object> stats() {
        Object stats = page.evaluate("() => window.ghostline.stats()");
        return stats == null ? Map.of() : (Map<String, Object>) stats;
    }

    long framesDecoded() {
        Object frames = stats().get("framesDecoded");
        return frames == null ? 0 : ((Number) frames).longValue();
    }

    /** Waits until the stranger's video decodes more frames than {@code than}; returns the new count. */
    long awaitFramesDecodedAbove(long than) {
        Awaitility.await(name + " decodes video frames")
                .atMost(STATE_TIMEOUT)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(250))
                .until(() -> framesDecoded() > than);
        return framesDecoded();
    }

    void chat(String text) {
        page.fill("#chat-input", text);
        page.press("#chat-input", "Enter");
    }

    void awaitChatEnabled() {
        assertThat(page.locator("#chat-input")).isEnabled(
                new LocatorAssertions.IsEnabledOptions().setTimeout(STATE_TIMEOUT.toMillis()));
    }

    void awaitStrangerSaid(String text) {
        assertThat(page.locator("#messages li.stranger .text").last()).hasText(text,
                new LocatorAssertions.HasTextOptions().setTimeout(STATE_TIMEOUT.toMillis()));
    }

    Page page() {
        return page;
    }

    WireLog wire() {
        return wire;
    }

    PageProbe probe() {
        return probe;
    }

    List<String> consoleErrors() {
        return List.copyOf(consoleErrors);
    }

    List<String> foreignRequests() {
        return List.copyOf(foreignRequests);
    }

    List<String> webSockets() {
        return List.copyOf(webSockets);
    }

    /** Saves {@code <dir>/<test>-<state>.png}; dir is {@code ghostline.screenshots.dir} (target/screenshots). */
    void screenshot(String test, String state) {
        Path dir = Path.of(System.getProperty("ghostline.screenshots.dir", "target/screenshots"));
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(test + "-" + state + ".png")).setFullPage(true));
    }

    /** The same, at a phone's viewport: the page must stay readable and operable there. */
    void screenshotOnPhone(String test, String state) {
        var size = page.viewportSize();
        page.setViewportSize(390, 844);
        screenshot(test, state + "-phone");
        page.setViewportSize(size.width, size.height);
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return name + " at " + origin;
    }
}
