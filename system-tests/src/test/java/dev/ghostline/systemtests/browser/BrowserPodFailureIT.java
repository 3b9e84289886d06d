package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A signaling pod dies or drains under a call, or the ingress goes away: media is peer to peer, so the call
 * never stops, and the page finds its session again through the same address (nginx skips a dead pod). When
 * the media path breaks too, ICE restarts once the pages can signal again.
 */
class BrowserPodFailureIT {
    /**
     * Chromium takes up to half a minute to call an ICE connection failed; the sessions of pages that cannot
     * reach any pod meanwhile must outlive that.
     */
    private static final Map<String, String> LONG_RESUME_WINDOW = Map.of("GHOSTLINE_SIGNALING_RESUME_WINDOW", "120s");
    private static final Duration ICE_FAILURE_TIMEOUT = Duration.ofSeconds(90);
    private static BrowserStack stack;
    @RegisterExtension
    final People people = new People(() -> stack);

    @BeforeAll
    static void startStack() {
        stack = BrowserStack.start("BrowserPodFailureIT", LONG_RESUME_WINDOW);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Each test takes something away; the next one gets it back, and starts with no page connected. */
    @BeforeEach
    void everythingUpAndNoPageConnected() {
        stack.ensureRunning();
        Awaitility.await("earlier pages disconnected").atMost(Person.STATE_TIMEOUT)
                .until(() -> BrowserStack.POD_IDS.stream().mapToInt(stack::connections).sum() == 0);
    }

    @Test
    void killingThePodOfOneBrowserKeepsTheVideoFlowingAndThePageResumesOnTheOtherPod() {
        Person a = people.open("A");
        a.start("en", "", false).awaitState("waiting");
        String podOfA = awaitPodWithOneConnection();
        Person b = people.open("B");
        b.start("en", "", false);
        a.awaitState("connected");
        b.awaitState("connected");
        long aFrames = a.awaitFramesDecodedAbove(0);
        long bFrames = b.awaitFramesDecodedAbove(0);
        String survivor = BrowserStack.POD_IDS.stream().filter(id -> !id.equals(podOfA)).findFirst().orElseThrow();
        assertThat(stack.connections(podOfA)).as("only A on the pod that dies").isEqualTo(1);
        assertThat(stack.connections(survivor)).as("B on the other pod").isEqualTo(1);

        stack.cluster().killPod(podOfA);
        // Media keeps flowing while A's signaling connection is down and while it resumes.
        aFrames = a.awaitFramesDecodedAbove(aFrames);
        bFrames = b.awaitFramesDecodedAbove(bFrames);

        Awaitility.await("A's page resumed on the surviving pod").atMost(Person.STATE_TIMEOUT)
                .until(() -> stack.connections(survivor) == 2);
        a.awaitState("connected");
        assertThat(a.snapshot()).as("the same call, no new match, after one reconnect")
                .containsEntry("matches", 1)
                .containsEntry("reconnects", 1)
                .containsEntry("link", "online");
        assertThat(a.awaitFramesDecodedAbove(aFrames)).isGreaterThan(aFrames);
        assertThat(b.awaitFramesDecodedAbove(bFrames)).isGreaterThan(bFrames);
        assertThat(b.state()).as("B never noticed").isEqualTo("connected");
        a.screenshot("pod-killed", "resumed");
        assertNoIceRestart(a, b);

        // The chat goes on too: it is peer to peer as well.
        a.chat("still here");
        b.awaitStrangerSaid("still here");
        people.assertWellBehaved();
    }

    /**
     * The offerer's pod dies with the handshake half done: its offer relayed, everything after it on its way.
     * Both pages hold every signal but the offer until the pod has been sent SIGKILL, however fast each page
     * and pod are: the answerer's answer and candidates then reach its own pod, which cannot deliver them, and
     * the offerer's candidates go into the dead pod's socket. The offerer resumes on the surviving pod: it is
     * replayed the answer and candidates it missed, and sends again its candidates the dead pod never relayed.
     * The call connects with one offer and no ICE restart, and each page receives every signal once, in order.
     */
    @Test
    void killingTheOfferersPodMidHandshakeConnectsTheCallWithoutAnIceRestart() {
        Person a = people.open("A");
        Person b = people.open("B");
        List<Person> both = List.of(a, b);
        both.forEach(person -> person.probe().holdSignalsButOffers());
        a.start("it", "", false).awaitState("waiting");
        String podOfA = awaitPodWithOneConnection();
        b.start("it", "", false);
        Person answerer = Awaitility.await("the answer made and held").atMost(Person.STATE_TIMEOUT)
                .pollInSameThread().pollInterval(Duration.ofMillis(10))
                .until(() -> both.stream().filter(person -> "answerer".equals(person.snapshot().get("role"))
                        && person.probe().heldSignals() > 0).findFirst(), Optional::isPresent)
                .orElseThrow();
        Person offerer = answerer == a ? b : a;
        String podOfOfferer = offerer == a ? podOfA : otherPod(podOfA);
        String survivor = otherPod(podOfOfferer);
        assertThat(offerer.probe().counts().offersSent()).as(offerer + ": the offer sent").isEqualTo(1);
        assertThat(stack.connections(podOfOfferer)).as("only the offerer on the pod that dies").isEqualTo(1);
        assertThat(stack.connections(survivor)).as("the answerer on the other pod").isEqualTo(1);

        stack.killPod(podOfOfferer, () -> both.forEach(person -> person.probe().releaseSignals()));

        offerer.awaitState("connected");
        answerer.awaitState("connected");
        Awaitility.await("the offerer resumed on the surviving pod").atMost(Person.STATE_TIMEOUT)
                .until(() -> stack.connections(survivor) == 2);
        assertThat(offerer.snapshot()).as("the same call after one reconnect").containsEntry("matches", 1)
                .containsEntry("reconnects", 1).containsEntry("link", "online");
        assertThat(answerer.snapshot()).as("the answerer never lost its pod").containsEntry("matches", 1)
                .containsEntry("reconnects", 0);
        assertNoIceRestart(a, b);
        assertThat(offerer.probe().counts().offersCreated()).as(offerer + ": offers made").isEqualTo(1);

        // What the resume said and what it brought, as the offerer's page saw it on the wire.
        JsonNode resume = offerer.wire().sentOn(1, "hello").get(0);
        assertThat(resume.hasNonNull("token")).as("the resume names the session").isTrue();
        assertThat(resume.path("lastSeq").isInt()).as("the resume says what it has").isTrue();
        assertThat(resume.path("lastSeq").asInt()).as("nothing from the answerer before the kill").isZero();
        assertThat(offerer.wire().receivedOn(0, "signal")).as("nothing from the answerer before the kill").isEmpty();
        assertThat(offerer.wire().receivedOn(1, "signal")).as("the answer, replayed after the resume")
                .anyMatch(signal -> "answer".equals(signal.path("payload").path("sdp").path("type").asText()));
        JsonNode welcome = offerer.wire().receivedOn(1, "welcome").get(0);
        assertThat(welcome.path("resumed").asBoolean()).as("the session resumed").isTrue();
        assertThat(welcome.path("lastSentSeq").asInt(-1)).as("only the offer reached the pod before it died")
                .isEqualTo(1);
        List<Integer> sentAgain = seqs(offerer.wire().sentOn(1, "signal"));
        assertThat(sentAgain).as("the offerer's candidates the dead pod never relayed, sent again").isNotEmpty()
                .allMatch(seq -> seq > 1);
        Awaitility.await("the answerer got the candidates sent again").atMost(Person.STATE_TIMEOUT)
                .pollInSameThread().until(() -> {
                    answerer.state(); // Playwright delivers the frames that arrived meanwhile during its calls
                    return seqs(answerer.wire().received("signal")).containsAll(sentAgain);
                });
        for (Person person : both) {
            List<Integer> received = seqs(person.wire().received("signal"));
            assertThat(received).as(person + ": every signal received once, in order").isNotEmpty()
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, received.size()).boxed().toList());
        }

        assertThat(offerer.awaitFramesDecodedAbove(0)).as("the offerer decodes video").isPositive();
        assertThat(answerer.awaitFramesDecodedAbove(0)).as("the answerer decodes video").isPositive();
        offerer.screenshot("pod-killed-mid-handshake", "connected");
        offerer.chat("made it");
        answerer.awaitStrangerSaid("made it");
        answerer.chat("me too");
        offerer.awaitStrangerSaid("me too");
        people.assertWellBehaved();
    }

    @Test
    void aDrainingPodSendsThePageToTheOtherPodWithoutEndingTheCall() {
        Person a = people.open("A");
        a.start("de", "", false).awaitState("waiting");
        String podOfA = awaitPodWithOneConnection();
        Person b = people.open("B");
        b.start("de", "", false);
        a.awaitState("connected");
        b.awaitState("connected");
        long aFrames = a.awaitFramesDecodedAbove(0);
        String survivor = BrowserStack.POD_IDS.stream().filter(id -> !id.equals(podOfA)).findFirst().orElseThrow();

        CompletableFuture<Void> exited = stack.cluster().terminatePod(podOfA);
        Awaitility.await("A's page moved to the other pod").atMost(Person.STATE_TIMEOUT)
                .until(() -> stack.connections(survivor) == 2);
        a.awaitState("connected");
        assertThat(a.snapshot()).as("the same call after one reconnect")
                .containsEntry("matches", 1)
                .containsEntry("reconnects", 1)
                .containsEntry("link", "online");
        assertThat(a.awaitFramesDecodedAbove(aFrames)).isGreaterThan(aFrames);
        assertThat(b.state()).as("B never noticed").isEqualTo("connected");
        exited.orTimeout(Person.STATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        people.assertWellBehaved();
    }

    @Test
    void withTheIngressGoneBothPagesShowReconnectingWhileTheCallGoesOnAndResumeWhenItReturns() {
        People.Pair pair = people.connectedPair("fr", false);
        Person a = pair.a();
        Person b = pair.b();
        long aFrames = a.awaitFramesDecodedAbove(0);
        long bFrames = b.awaitFramesDecodedAbove(0);

        stack.stopNginx();
        a.awaitState("reconnecting");
        b.awaitState("reconnecting");
        a.screenshot("ingress-down", "reconnecting");
        // No signaling path at all, and still the call: media is peer to peer.
        aFrames = a.awaitFramesDecodedAbove(aFrames);
        bFrames = b.awaitFramesDecodedAbove(bFrames);

        stack.startNginx();
        a.awaitState("connected");
        b.awaitState("connected");
        assertThat(a.snapshot()).containsEntry("matches", 1).containsEntry("link", "online");
        assertThat(b.snapshot()).containsEntry("matches", 1).containsEntry("link", "online");
        assertThat(a.awaitFramesDecodedAbove(aFrames)).isGreaterThan(aFrames);
        assertThat(b.awaitFramesDecodedAbove(bFrames)).isGreaterThan(bFrames);
        people.assertWellBehavedBesidesRefusedSockets();
    }

    /**
     * Relay-only, so killing coturn breaks the media path for sure; nginx down first, so ICE fails (and the
     * offerer's restart offer has nowhere to go) while neither page can signal. Once both resume, ICE must
     * restart on fresh relay allocations: new local candidates, connected again, video again.
     */
    @Test
    void aRelayedCallWhoseIceFailedWhileThePagesWereOfflineRestartsIceAfterTheResume() {
        People.Pair pair = people.connectedPair("es", true);
        Person a = pair.a();
        Person b = pair.b();
        List<Person> both = List.of(a, b);
        Map<Person, Object> candidatesBefore = Map.of(a, localCandidate(a), b, localCandidate(b));
        Person offerer = "offerer".equals(a.snapshot().get("role")) ? a : b;

        stack.stopNginx();
        both.forEach(person -> person.awaitState("reconnecting"));
        stack.killCoturn();
        // The offerer restarts ICE as soon as it fails, so "failed" may not last until a poll: ask whether the
        // connection has been failed, not whether it is.
        Awaitility.await("the offerer's ICE connection failed").atMost(ICE_FAILURE_TIMEOUT).pollInSameThread()
                .until(() -> onlyConnection(offerer).contains("failed"));
        stack.startCoturn();
        stack.startNginx();

        for (Person person : both) {
            person.awaitState("connected");
            Map<String, Object> stats = person.stats();
            assertThat(stats).as(person + " after the restart").containsEntry("connectionState", "connected")
                    .containsEntry("localCandidateType", "relay");
            assertThat(stats.get("localCandidateId")).as(person + ": a new local candidate")
                    .isNotNull().isNotEqualTo(candidatesBefore.get(person));
            assertThat(person.snapshot()).as(person + ": the same call").containsEntry("matches", 1)
                    .containsEntry("link", "online");
        }
        assertThat(offerer.probe().counts().iceRestarts()).as(offerer + ": ICE restarted").isPositive();
        long aFrames = a.framesDecoded();
        long bFrames = b.framesDecoded();
        assertThat(a.awaitFramesDecodedAbove(aFrames)).as("A decodes B's video again").isGreaterThan(aFrames);
        assertThat(b.awaitFramesDecodedAbove(bFrames)).as("B decodes A's video again").isGreaterThan(bFrames);
        a.screenshot("ice-restart", "connected-again");
        people.assertWellBehavedBesidesRefusedSockets();
    }

    /** Neither page restarted ICE, nor asked the other to. */
    private static void assertNoIceRestart(Person... persons) {
        for (Person person : persons) {
            assertThat(person.probe().counts().iceRestarts()).as(person + ": ICE restarts").isZero();
        }
    }

    private static List<Integer> seqs(List<JsonNode> signals) {
        return signals.stream().map(signal -> signal.path("seq").asInt()).toList();
    }

    private static String otherPod(String podId) {
        return BrowserStack.POD_IDS.stream().filter(id -> !id.equals(podId)).findFirst().orElseThrow();
    }

    /** Every state the page's one peer connection has been in. */
    private static List<String> onlyConnection(Person person) {
        List<List<String>> connections = person.probe().connectionStates();
        assertThat(connections).as(person + ": peer connections").hasSize(1);
        return connections.get(0);
    }

    private static Object localCandidate(Person person) {
        Object id = person.stats().get("localCandidateId");
        assertThat(id).as(person + ": selected local candidate").isNotNull();
        return id;
    }

    private static String awaitPodWithOneConnection() {
        return Awaitility.await("the page's socket counted on a pod").atMost(Person.STATE_TIMEOUT)
                .until(() -> BrowserStack.POD_IDS.stream().filter(id -> stack.connections(id) == 1).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }
}
