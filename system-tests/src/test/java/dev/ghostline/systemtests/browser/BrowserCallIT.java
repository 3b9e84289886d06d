package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page in real browsers, through nginx, against real pods, coturn and the moderation service: a call with
 * video both ways and a peer-to-peer chat, Next, relay-only, Report. Every test uses its own lobby, so
 * strangers from other tests never meet.
 */
class BrowserCallIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BrowserStack stack;
    private final People people = new People();

    @BeforeAll
    static void startStack() {
        stack = BrowserStack.start("BrowserCallIT");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Sockets of earlier tests' pages are gone, so counting connections tells where a page landed. */
    @BeforeEach
    void noPageConnected() {
        Awaitility.await("earlier pages disconnected").atMost(Duration.ofSeconds(10))
                .until(() -> BrowserStack.POD_IDS.stream().mapToInt(stack::connections).sum() == 0);
    }

    @AfterEach
    void closePagesAndCheckNothingWasWritten() {
        people.close();
        assertThat(stack.filesWritten()).as("files written by services or nginx").isEmpty();
    }

    @Test
    void strangersOnDifferentPodsSeeEachOtherAndChatPeerToPeer() {
        Person a = people.add(stack.open("A"));
        assertThat(a.pageResponse().allHeaders()).as("the page as the browser got it")
                .containsEntry("referrer-policy", "no-referrer")
                .containsKey("content-security-policy")
                .doesNotContainKey("set-cookie");
        a.screenshot("call", "idle");
        a.start("en", "chess, music", false).awaitState("waiting");
        a.screenshot("call", "waiting");
        String podOfA = awaitOnePageOn();

        Person b = people.add(stack.open("B"));
        b.start("en", "Chess", false);
        a.awaitState("connected");
        b.awaitState("connected");
        assertThat(stack.connections(podOfA)).as("connections on A's pod").isEqualTo(1);
        assertThat(stack.connections(otherPod(podOfA))).as("B is on the other pod").isEqualTo(1);

        assertThat(a.awaitFramesDecodedAbove(0)).as("A decodes B's video").isPositive();
        assertThat(b.awaitFramesDecodedAbove(0)).as("B decodes A's video").isPositive();
        assertThat(a.page().locator("#common-interests").textContent()).isEqualTo("You both like: chess");

        a.awaitChatEnabled();
        b.awaitChatEnabled();
        String markup = "hi <b>there</b> & <img src=x onerror=alert(1)>";
        a.chat(markup);
        b.awaitStrangerSaid(markup);
        assertThat(b.page().locator("#messages b, #messages img").count()).as("chat is text, never HTML").isZero();
        b.chat("hello from B");
        a.awaitStrangerSaid("hello from B");
        a.screenshot("call", "connected");
        b.screenshotOnPhone("call", "connected");

        a.press("stop");
        a.awaitState("idle");
        b.awaitState("partner-left");
        assertThat(b.status()).contains("left");
        b.screenshot("call", "partner-left");
        people.assertWellBehaved();
    }

    @Test
    void nextFindsTheWaitingThirdPersonAndTheOldPartnerSeesTheStrangerLeft() {
        Person a = people.add(stack.open("A"));
        Person b = people.add(stack.open("B"));
        a.start("de", "", false).awaitState("waiting");
        b.start("de", "", false);
        a.awaitState("connected");
        b.awaitState("connected");
        Person c = people.add(stack.open("C"));
        c.start("de", "", false).awaitState("waiting");

        a.press("next");
        c.awaitState("connected");
        a.awaitState("connected");
        assertThat(a.snapshot()).containsEntry("matches", 2);
        b.awaitState("partner-left");
        assertThat(b.status()).isEqualTo("The stranger moved on. Press Next to meet someone new.");
        assertThat(c.awaitFramesDecodedAbove(0)).as("C decodes A's video").isPositive();
        b.screenshot("next", "partner-left");

        b.press("next");
        b.awaitState("waiting");
        b.screenshot("next", "waiting-again");
        people.assertWellBehaved();
    }

    @Test
    void hideMyIpRelaysTheWholeCallThroughTurn() {
        Person a = people.add(stack.open("A"));
        Person b = people.add(stack.open("B"));
        a.start("fr", "", true).awaitState("waiting");
        b.start("fr", "", true);
        a.awaitState("connected");
        b.awaitState("connected");

        for (Person person : new Person[] {a, b}) {
            Map<String, Object> stats = person.stats();
            assertThat(stats).as(person.name() + "'s selected candidate pair")
                    .containsEntry("localCandidateType", "relay")
                    .containsEntry("remoteCandidateType", "relay");
            assertThat(person.awaitFramesDecodedAbove(0)).as(person.name() + " decodes relayed video").isPositive();
        }
        a.screenshot("relay", "connected");
        people.assertWellBehaved();
    }

    @Test
    void aReportFromThePageRevokesTheStrangerAtThresholdOne() {
        Person a = people.add(stack.open("A"));
        Person b = people.add(stack.open("B"));
        a.start("es", "", false).awaitState("waiting");
        b.start("es", "", false);
        a.awaitState("connected");
        b.awaitState("connected");

        a.press("report");
        a.page().check("#report-reasons input[value=\"spam\"]");
        a.screenshot("report", "dialog");
        a.page().click("#report-send");

        b.awaitState("revoked");
        assertThat(b.status()).isEqualTo("Your session was ended by moderation.");
        assertThat(b.page().locator("#start").isDisabled()).as("no restart from a revoked page").isTrue();
        a.awaitState("partner-left");
        assertThat(a.status()).contains("removed");
        b.screenshot("report", "revoked");
        a.screenshot("report", "partner-removed");
        people.assertWellBehaved();
    }

    /** Also the page's accessibility basics: controls found by their labels, Start operated by keyboard. */
    @Test
    void refusedInterestsAreExplainedBeforeAnythingIsSent() {
        Person a = people.add(stack.open("A"));
        Page page = a.page();
        page.getByLabel("Lobby (language)").selectOption("en");
        page.getByLabel("Interests").fill("chess, <script>");
        assertThat(page.getByLabel("Camera", new Page.GetByLabelOptions().setExact(true)).isVisible()).isTrue();
        assertThat(page.getByLabel("Hide my IP").isChecked()).isFalse();
        page.locator("#start").focus();
        page.keyboard().press("Enter");

        a.awaitStatus("Each interest is 1 to 32 letters, digits, spaces, _ or -.");
        assertThat(a.state()).isEqualTo("idle");
        assertThat(a.webSockets()).as("nothing sent").isEmpty();
        a.screenshot("setup", "invalid-interests");
        assertThat(a.consoleErrors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app.js", "/style.css", "/client-config.json", "/no-such-file"})
    void everyResponseThroughTheIngressCarriesTheSecurityHeaders(String path) throws Exception {
        HttpResponse<Void> response = get(path);
        Map<String, List<String>> headers = response.headers().map();

        assertThat(response.headers().firstValue("content-security-policy")).get().asString()
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self';", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(response.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("permissions-policy")).get().asString()
                .contains("camera=(self)", "microphone=(self)");
        assertThat(headers).doesNotContainKey("set-cookie");
    }

    private static HttpResponse<Void> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.origin() + path)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding());
    }

    private static String awaitOnePageOn() {
        return Awaitility.await("the page's socket counted on a pod").atMost(Person.STATE_TIMEOUT)
                .until(() -> BrowserStack.POD_IDS.stream().filter(id -> stack.connections(id) == 1).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static String otherPod(String podId) {
        return BrowserStack.POD_IDS.stream().filter(id -> !id.equals(podId)).findFirst().orElseThrow();
    }
}
