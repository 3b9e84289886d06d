package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A signaling pod dies or drains under a call, or the ingress goes away: media is peer to peer, so the call
 * never stops, and the page finds its session again through the same address (nginx skips a dead pod).
 */
class BrowserPodFailureIT {
    private static BrowserStack stack;
    private final People people = new People();

    @BeforeAll
    static void startStack() {
        stack = BrowserStack.start("BrowserPodFailureIT");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Each test takes a pod away; the next one gets both back. */
    @BeforeEach
    void bothPodsUp() {
        stack.ensurePodsRunning();
    }

    @AfterEach
    void closePages() {
        people.close();
    }

    @Test
    void killingThePodOfOneBrowserKeepsTheVideoFlowingAndThePageResumesOnTheOtherPod() {
        Person a = people.add(stack.open("A"));
        a.start("en", "", false).awaitState("waiting");
        String podOfA = awaitPodWithOneConnection();
        Person b = people.add(stack.open("B"));
        b.start("en", "", false);
        a.awaitState("connected");
        b.awaitState("connected");
        long aFrames = a.awaitFramesDecodedAbove(0);
        long bFrames = b.awaitFramesDecodedAbove(0);
        String survivor = BrowserStack.POD_IDS.stream().filter(id -> !id.equals(podOfA)).findFirst().orElseThrow();

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

        // The chat goes on too: it is peer to peer as well.
        a.chat("still here");
        b.awaitStrangerSaid("still here");
        people.assertWellBehaved();
    }

    @Test
    void aDrainingPodSendsThePageToTheOtherPodWithoutEndingTheCall() {
        Person a = people.add(stack.open("A"));
        a.start("de", "", false).awaitState("waiting");
        String podOfA = awaitPodWithOneConnection();
        Person b = people.add(stack.open("B"));
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
        Person a = people.add(stack.open("A"));
        Person b = people.add(stack.open("B"));
        a.start("fr", "", false).awaitState("waiting");
        b.start("fr", "", false);
        a.awaitState("connected");
        b.awaitState("connected");
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

    private static String awaitPodWithOneConnection() {
        return Awaitility.await("the page's socket counted on a pod").atMost(Person.STATE_TIMEOUT)
                .until(() -> BrowserStack.POD_IDS.stream().filter(id -> stack.connections(id) == 1).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

}
