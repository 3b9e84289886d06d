package dev.ghostline.systemtests.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page itself in a real browser: saved devices, a camera that cannot be opened, "Hide my IP" where there
 * is no relay, refused interests, a phone's screen, contrast, and a call operated by keyboard alone.
 */
@ExtendWith(SharedBrowserStack.class)
class BrowserPageIT {
    private static BrowserStack stack;
    @RegisterExtension
    final People people = new People(() -> stack);

    @BeforeAll
    static void useSharedStack() {
        stack = SharedBrowserStack.stack();
    }

    /** The choice survives a reload and a change of lobby, and Start opens that camera, not the default. */
    @Test
    void theChosenCameraIsSavedAndOpenedAgainAfterAReload() {
        Person a = people.open("A");
        Page page = a.page();
        Locator cameras = page.locator("#camera option");
        awaitCount(cameras, 3); // the default and both fake cameras, listed before Start: access is allowed
        String second = cameras.nth(2).getAttribute("value");
        page.selectOption("#camera", second);
        page.selectOption("#lobby", "pt");
        assertThat(a.storedPreferences()).containsEntry("camera", second).containsEntry("lobby", "pt");

        a.reload();
        assertThat(page.locator("#camera")).hasValue(second);
        assertThat(page.locator("#lobby")).hasValue("pt");
        a.press("start");
        a.awaitState("waiting");
        assertThat(a.cameraInUse()).as("the camera Start opened").isEqualTo(second);
        assertThat(a.storedPreferences()).as("after Start").containsEntry("camera", second);
        a.screenshot("devices", "second-camera");
        people.assertWellBehaved();
    }

    /**
     * A saved camera that is gone (unplugged, site data reset) must not stop Start: the default camera opens,
     * and the saved microphone, which is still there, is kept.
     */
    @Test
    void aSavedCameraThatIsGoneGivesWayToTheDefaultAndTheSavedMicrophoneStays() {
        Person a = people.open("A");
        Page page = a.page();
        Locator microphones = page.locator("#microphone option");
        awaitCount(microphones, 4); // the picker's default, the browser's "default" and two fake microphones
        String savedMicrophone = microphones.last().getAttribute("value");
        assertThat(defaultMicrophone(page)).as("what opens unasked, which the saved one must not be")
                .isNotEqualTo(savedMicrophone);
        page.evaluate("microphone => localStorage.setItem('ghostline.preferences',"
                + " JSON.stringify({camera: 'unplugged', microphone}))", savedMicrophone);
        a.reload();
        Locator cameras = page.locator("#camera option");
        awaitCount(cameras, 3);
        assertThat(page.locator("#camera")).hasValue("");

        a.press("start");
        a.awaitState("waiting");
        List<String> present = List.of(cameras.nth(1).getAttribute("value"), cameras.nth(2).getAttribute("value"));
        assertThat(a.cameraInUse()).as("the camera Start opened").isIn(present);
        assertThat(a.microphoneInUse()).as("the saved microphone, not the default").isEqualTo(savedMicrophone);
        people.assertWellBehaved();
    }

    @Test
    void withoutCameraPermissionThePageExplainsAndConnectsToNothing() {
        Person a = people.add(stack.openWithoutCameraPermission("A"));
        a.start("en", "", false);

        a.awaitState("error");
        assertThat(a.status()).isEqualTo("No camera or microphone could be opened. Allow access and try again.");
        assertThat(a.page().locator("#start").isEnabled()).as("Start can be tried again").isTrue();
        assertThat(a.webSockets()).as("no session without a camera").isEmpty();
        assertThat(a.probe().liveTracks()).isZero();
        a.screenshot("error", "no-camera");
        assertThat(a.consoleErrors()).isEmpty();
        assertThat(a.foreignRequests()).isEmpty();
    }

    /** As under ./ghostline up, which starts no coturn: relay-only could never connect, and the page says so. */
    @Test
    void hideMyIpWhereNoRelayIsConfiguredSaysSoInsteadOfWaitingForever() {
        try (BrowserStack.RelaylessIngress relayless = stack.relaylessIngress("pod-without-turn")) {
            Person a = people.add(relayless.open("A"));
            // A lobby no other test uses: the relayless pod shares the cluster's matchmaker, so in a busy lobby
            // the second start could meet whoever another test left waiting there.
            a.start("ru", "", true);

            a.awaitState("error");
            assertThat(a.status()).startsWith("Hide my IP needs our relay, which is not available here.");
            assertThat(a.wire().sent("join")).as("never queued for a call that cannot connect").isEmpty();
            assertThat(a.wire().sent("bye")).as("the session ended at once").hasSize(1);
            assertThat(a.probe().liveTracks()).as("camera off").isZero();
            a.screenshot("error", "relay-unavailable");

            a.start("ru", "", false).awaitState("waiting");
            people.assertWellBehaved();
            a.press("stop"); // so the pod has no session to drain when it stops
            a.awaitState("idle");
        }
    }

    /** Also the accessibility basics: controls found by their labels, Start operated by keyboard. */
    @Test
    void refusedInterestsAreExplainedBeforeAnythingIsSent() {
        Person a = people.open("A");
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
        assertThat(a.foreignRequests()).isEmpty();
    }

    @Test
    void onAPhoneNothingScrollsSidewaysAndEveryControlIsOnScreen() {
        Person a = people.open("A");
        Page page = a.page();
        page.setViewportSize(390, 844);
        assertFitsThePhone(page, "idle");

        a.start("ja", "a rather long interest, another one", false).awaitState("waiting");
        assertFitsThePhone(page, "waiting");
        a.screenshot("phone", "waiting");
        people.assertWellBehaved();
    }

    @ParameterizedTest
    @ValueSource(strings = {"light", "dark"})
    void everyButtonHasAaContrastInBothColourSchemes(String scheme) {
        Person a = people.open("A");
        Page page = a.page();
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.valueOf(scheme.toUpperCase(Locale.ROOT))));

        assertThat(Layout.buttonContrast(page)).as("text contrast of each button").isNotEmpty()
                .allSatisfy((id, ratio) -> assertThat(ratio).as(id).isGreaterThanOrEqualTo(4.5));
        a.screenshot("contrast", scheme);
    }

    /** Tab reaches every control in order, Enter and Space press buttons, Escape closes the report dialog. */
    @Test
    void aCallCanBeHadWithTheKeyboardAlone() {
        Person a = people.open("A");
        Person b = people.open("B");
        Page page = a.page();
        page.selectOption("#lobby", "uk");
        page.locator("body").focus();
        page.keyboard().press("Tab");
        assertThat(focused(page)).as("the first control").isEqualTo("start");
        page.keyboard().press("Enter");
        a.awaitState("waiting");
        b.start("uk", "", false);
        a.awaitState("connected");
        a.awaitChatEnabled();

        page.focus("#next");
        for (String next : List.of("stop", "report", "camera", "microphone", "chat-input", "send")) {
            page.keyboard().press("Tab");
            assertThat(focused(page)).as("Tab after the previous control").isEqualTo(next);
        }
        page.focus("#report");
        page.keyboard().press("Enter");
        assertThat(page.locator("#report-dialog")).hasAttribute("open", "");
        assertThat(page.evaluate("() => document.activeElement.closest('dialog') !== null")).as("focus in the dialog")
                .isEqualTo(true);
        page.keyboard().press("Escape");
        assertThat(page.locator("#report-dialog")).not().hasAttribute("open", "");

        page.focus("#chat-input");
        page.keyboard().type("typed, not clicked");
        page.keyboard().press("Enter");
        b.awaitStrangerSaid("typed, not clicked");
        page.focus("#stop");
        page.keyboard().press("Space");
        a.awaitState("idle");
        b.awaitState("partner-left");
        people.assertWellBehaved();
    }

    private static void assertFitsThePhone(Page page, String state) {
        List<Integer> widths = Layout.documentAndViewportWidth(page);
        assertThat(widths.get(0)).as(state + ": document width within the viewport's " + widths.get(1))
                .isLessThanOrEqualTo(widths.get(1));
        assertThat(Layout.controlsOutsideTheViewport(page)).as(state + ": controls not wholly on screen").isEmpty();
    }

    /** The microphone the browser opens when none is asked for; the test tells it apart from a saved one. */
    private static String defaultMicrophone(Page page) {
        return (String) page.evaluate("async () => {"
                + " const stream = await navigator.mediaDevices.getUserMedia({ audio: true });"
                + " const id = stream.getAudioTracks()[0].getSettings().deviceId;"
                + " stream.getTracks().forEach((track) => track.stop());"
                + " return id; }");
    }

    private static String focused(Page page) {
        return (String) page.evaluate("() => document.activeElement.id");
    }

    private static void awaitCount(Locator locator, int count) {
        Awaitility.await("options listed").atMost(Person.STATE_TIMEOUT).pollInSameThread()
                .until(() -> locator.count() == count);
    }
}
