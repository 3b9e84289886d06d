package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.ClientFrames;
import dev.ghostline.systemtests.harness.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls in real browsers, through nginx, against real pods and coturn: video both ways and a peer-to-peer chat
 * that never touches our servers, Next, Stop, relay-only, a stranger who never answers, a session taken over.
 * Every test uses its own lobby, so strangers from other tests never meet.
 */
@ExtendWith(SharedBrowserStack.class)
class BrowserCallIT {
    private static BrowserStack stack;
    @RegisterExtension
    final People people = new People(() -> stack);

    @BeforeAll
    static void useSharedStack() {
        stack = SharedBrowserStack.stack();
    }

    /** Sockets of earlier tests' pages are gone, so counting connections tells where a page landed. */
    @BeforeEach
    void noPageConnected() {
        Awaitility.await("earlier pages disconnected").atMost(Duration.ofSeconds(10))
                .until(() -> BrowserStack.POD_IDS.stream().mapToInt(stack::connections).sum() == 0);
    }

    @Test
    void strangersOnDifferentPodsSeeEachOtherAndChatPeerToPeer() {
        Person a = people.open("A");
        assertThat(a.pageResponse().allHeaders()).as("the page as the browser got it")
                .containsEntry("referrer-policy", "no-referrer")
                .containsKey("content-security-policy")
                .doesNotContainKey("set-cookie");
        a.screenshot("call", "idle");
        a.start("en", "chess, music", false).awaitState("waiting");
        a.screenshot("call", "waiting");
        String podOfA = awaitOnePageOn();

        Person b = people.open("B");
        b.start("en", "Chess", false);
        a.awaitState("connected");
        b.awaitState("connected");
        assertThat(stack.connections(podOfA)).as("connections on A's pod").isEqualTo(1);
        assertThat(stack.connections(otherPod(podOfA))).as("B is on the other pod").isEqualTo(1);

        assertThat(a.awaitFramesDecodedAbove(0)).as("A decodes B's video").isPositive();
        assertThat(b.awaitFramesDecodedAbove(0)).as("B decodes A's video").isPositive();
        assertThat(a.page().locator("#common-interests").textContent()).isEqualTo("You both like: chess");

        List<String> chatTexts = chatBothWays(a, b);
        a.screenshot("call", "connected");
        b.screenshotOnPhone("call", "connected");
        for (Person person : List.of(a, b)) {
            assertOnlyLobbyAndInterestsLeftThePage(person, chatTexts);
        }

        a.press("stop");
        a.awaitState("idle");
        b.awaitState("partner-left");
        assertThat(b.status()).contains("left");
        b.screenshot("call", "partner-left");
        people.assertWellBehaved();
    }

    @Test
    void nextFindsTheWaitingThirdPersonAndLeavesNothingOpen() {
        People.Pair pair = people.connectedPair("de", false);
        Person a = pair.a();
        Person b = pair.b();
        Person c = people.open("C");
        c.start("de", "", false).awaitState("waiting");

        a.press("next");
        c.awaitState("connected");
        a.awaitState("connected");
        assertThat(a.snapshot()).containsEntry("matches", 2);
        assertThat(a.probe().openConnections()).as("A's peer connections after Next").isEqualTo(1);
        b.awaitState("partner-left");
        assertThat(b.status()).isEqualTo("The stranger moved on. Press Next to meet someone new.");
        assertThat(b.probe().openConnections()).as("B's peer connections once the stranger left").isZero();
        assertThat(c.awaitFramesDecodedAbove(0)).as("C decodes A's video").isPositive();
        b.screenshot("next", "partner-left");

        b.press("next");
        b.awaitState("waiting");
        b.screenshot("next", "waiting-again");

        a.press("stop");
        a.awaitState("idle");
        assertThat(a.probe().openConnections()).as("A's peer connections after Stop").isZero();
        assertThat(a.probe().liveTracks()).as("A's camera and microphone tracks after Stop").isZero();
        people.assertWellBehaved();
    }

    /**
     * A Next whose frame died with the socket: the pod never heard it, so the resume brings the old match back.
     * The page must say next again, not call back the stranger just left.
     */
    @Test
    void aNextLostWithTheSocketIsSaidAgainWhenTheResumeBringsTheOldMatchBack() {
        Person a = people.open("A");
        a.loseFirstSent("next");
        Person b = people.open("B");
        a.start("tr", "", false).awaitState("waiting");
        b.start("tr", "", false);
        a.awaitState("connected");
        b.awaitState("connected");

        a.press("next");
        b.awaitState("partner-left");
        assertThat(b.status()).isEqualTo("The stranger moved on. Press Next to meet someone new.");
        a.awaitState("waiting");
        List<String> matchIds = a.wire().received("matched").stream().map(m -> m.path("matchId").asText()).toList();
        assertThat(matchIds).as("the match, and the same match again after the resume").hasSize(2)
                .containsOnly(matchIds.get(0));
        assertThat(a.wire().sent("next")).as("the next the pod got: said after the resume").hasSize(1);
        assertThat(a.snapshot()).as("no call back to the stranger just left").containsEntry("matches", 1)
                .containsEntry("reconnects", 1).containsEntry("link", "online");
        assertThat(a.probe().openConnections()).as("A's peer connections").isZero();
        people.assertWellBehaved();
    }

    /** The guarantee behind "Hide my IP": the stranger's browser is never told any address but the relay's. */
    @Test
    void hideMyIpRelaysTheWholeCallAndTheStrangerNeverLearnsAnotherAddress() {
        People.Pair pair = people.connectedPair("fr", true);
        Person a = pair.a();
        Person b = pair.b();

        for (Person person : List.of(a, b)) {
            Map<String, Object> stats = person.stats();
            assertThat(stats).as(person.name() + "'s selected candidate pair")
                    .containsEntry("localCandidateType", "relay")
                    .containsEntry("remoteCandidateType", "relay");
            assertThat(person.awaitFramesDecodedAbove(0)).as(person.name() + " decodes relayed video").isPositive();
            assertThat(person.wire().sent("hello")).as(person.name() + "'s hello")
                    .allMatch(hello -> hello.path("relayOnly").asBoolean());
        }
        for (Person person : List.of(a, b)) {
            assertOnlyRelayCandidatesReached(person);
        }
        a.screenshot("relay", "connected");
        people.assertWellBehaved();
    }

    /** A stranger that never answers keeps the page in "calling", which says so; then the stranger leaves. */
    @Test
    void whileTheStrangerHasNotAnsweredThePageShowsCalling() {
        Person a = people.open("A");
        a.start("it", "", false).awaitState("waiting");
        try (Session silent = Session.start("silent stranger", stack.cluster().pod("pod-a").wsUri())) {
            silent.join("it");
            silent.awaitMatched();
            a.awaitState("calling");
            assertThat(a.status()).isEqualTo("Stranger found. Connecting…");
            assertThat(a.page().locator("#report").isEnabled()).as("a stranger on screen can be reported").isTrue();
            a.screenshot("call", "calling");

            silent.send(ClientFrames.bye());
            a.awaitState("partner-left");
        }
        assertThat(a.probe().openConnections()).as("A's peer connections once the stranger left").isZero();
        people.assertWellBehaved();
    }

    /** Whoever holds the token owns the session: the page that lost it says so and does not reconnect. */
    @Test
    void aSessionResumedElsewhereEndsThePageWithTheTakenOverState() {
        Person a = people.open("A");
        a.start("nl", "", false).awaitState("waiting");
        String token = a.wire().lastToken();

        try (Session elsewhere = Session.resume("another tab", stack.cluster().pod("pod-b").wsUri(), token)) {
            assertThat(elsewhere.welcome().resumed()).as("the token resumes the page's session").isTrue();
            elsewhere.ws().await(ServerMessage.Queued.class);
            a.awaitState("error");
            assertThat(a.status()).isEqualTo("This session continued in another tab.");
            assertThat(a.page().locator("#start").isEnabled()).as("Start begins a new session").isTrue();
            a.screenshot("error", "taken-over");
            elsewhere.send(ClientFrames.bye());
        }
        assertThat(a.webSockets()).as("the page did not reconnect").hasSize(1);
        assertThat(a.probe().liveTracks()).as("camera off once the session is gone").isZero();
        people.assertWellBehaved();
    }

    /** Stop while the browser still opens a newly picked camera: that camera must not stay on. */
    @Test
    void stopDuringACameraSwitchLeavesNoCameraOn() {
        Person a = people.open("A");
        a.start("pl", "", false).awaitState("waiting");
        Page page = a.page();
        Awaitility.await("both cameras listed").atMost(Person.STATE_TIMEOUT).pollInSameThread()
                .until(() -> page.locator("#camera option").count() == 3);

        a.probe().holdMedia();
        page.selectOption("#camera", new SelectOption().setIndex(2));
        Awaitility.await("the switch waits for the camera").atMost(Person.STATE_TIMEOUT).pollInSameThread()
                .until(() -> a.probe().heldMediaRequests() == 1);
        a.press("stop");
        a.awaitState("idle");
        a.probe().releaseMedia();

        Awaitility.await("every camera and microphone track stopped").atMost(Person.STATE_TIMEOUT)
                .pollInSameThread().until(() -> a.probe().liveTracks() == 0);
        assertThat(a.probe().openConnections()).isZero();
        people.assertWellBehaved();
    }

    /** One line each way, the first one markup that must stay text; returns what was said. */
    private static List<String> chatBothWays(Person a, Person b) {
        a.awaitChatEnabled();
        b.awaitChatEnabled();
        String markup = "hi <b>there</b> & <img src=x onerror=alert(1)>";
        a.chat(markup);
        b.awaitStrangerSaid(markup);
        assertThat(b.page().locator("#messages b, #messages img").count()).as("chat is text, never HTML").isZero();
        b.chat("hello from B");
        a.awaitStrangerSaid("hello from B");
        return List.of(markup, "hello from B");
    }

    /**
     * Every frame the page sent: chat text never, the join only with what matching needs, the hello only with
     * the token and the relay choice, and no device id anywhere.
     */
    private static void assertOnlyLobbyAndInterestsLeftThePage(Person person, List<String> chatTexts) {
        List<String> sent = person.wire().sentText();
        assertThat(sent).as(person + ": frames sent").isNotEmpty();
        for (String text : chatTexts) {
            assertThat(sent).as(person + ": no frame carries chat text").noneMatch(frame -> frame.contains(text));
        }
        String camera = person.cameraInUse();
        assertThat(camera).as(person + ": camera id").isNotBlank();
        assertThat(sent).as(person + ": no frame carries a device id").noneMatch(frame -> frame.contains(camera));

        List<JsonNode> joins = person.wire().sent("join");
        assertThat(joins).as(person + ": joins").hasSize(1);
        assertThat(fieldNames(joins.get(0))).as(person + ": what join carries")
                .containsExactlyInAnyOrder("type", "mode", "lobby", "interests");
        for (JsonNode hello : person.wire().sent("hello")) {
            assertThat(fieldNames(hello)).as(person + ": what hello carries").isSubsetOf("type", "relayOnly", "token");
        }
    }

    /** Every candidate and description the stranger's page sent this one names relay candidates only. */
    private static void assertOnlyRelayCandidatesReached(Person person) {
        List<JsonNode> signals = person.wire().receivedSignals();
        List<String> candidates = signals.stream().filter(s -> s.has("candidate"))
                .map(s -> s.get("candidate").path("candidate").asText()).filter(c -> !c.isEmpty()).toList();
        // A relay candidate's related address would be the sender's own mapped address: Chromium blanks it.
        assertThat(candidates).as(person + ": candidates received").isNotEmpty()
                .allMatch(candidate -> candidate.contains(" typ relay"))
                .allMatch(candidate -> !candidate.contains(" raddr ") || candidate.contains(" raddr 0.0.0.0 "));
        List<String> descriptions = signals.stream().filter(s -> s.has("sdp"))
                .map(s -> s.get("sdp").path("sdp").asText()).toList();
        assertThat(descriptions).as(person + ": descriptions received").isNotEmpty()
                .allSatisfy(sdp -> assertThat(sdp).doesNotContain("typ host", "typ srflx", "typ prflx"));
        assertThat(person.stats().get("remoteCandidateTypes")).as(person + ": remote candidates the browser knows")
                .asInstanceOf(LIST).isNotEmpty().containsOnly("relay");
    }

    private static List<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false).toList();
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
