package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.protocol.wire.ServerMessage;
import dev.ghostline.systemtests.harness.ClientFrames;
import dev.ghostline.systemtests.harness.ReceivedFrame;
import dev.ghostline.systemtests.harness.SignalingPod;
import dev.ghostline.systemtests.harness.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A report from the page, with every threshold at 1: the stranger is revoked, and their network is blocked.
 * Every browser here reaches the pods from 127.0.0.1 (nginx forwards the address), so a block blocks them
 * all for the block's hour: this class has its own stack, and one test.
 */
class BrowserModerationIT {
    private static BrowserStack stack;
    @RegisterExtension
    final People people = new People(() -> stack);

    @BeforeAll
    static void startStack() {
        stack = BrowserStack.start("BrowserModerationIT");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aReportRevokesTheStrangerWhoseNetworkThenCannotStartAgain() {
        People.Pair pair = people.connectedPair("es", false);
        Person a = pair.a();
        Person b = pair.b();

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

        // The block travels to every pod through the moderation stream; the reload may land on either.
        BrowserStack.POD_IDS.forEach(id -> Awaitility.await("pod " + id + " refuses new sessions from here")
                .atMost(Person.STATE_TIMEOUT).until(() -> refusesNewSessions(stack.cluster().pod(id))));
        b.reload();
        b.start("es", "", false);
        b.awaitState("blocked");
        assertThat(b.status()).isEqualTo("This network is blocked from Ghostline for a while.");
        assertThat(b.page().locator("#start").isDisabled()).as("no restart from a blocked page").isTrue();
        assertThat(b.probe().liveTracks()).as("camera off").isZero();
        b.screenshot("report", "blocked");

        // A shares the loopback address with B, so it is of the blocked network too: its session was not new and
        // stays, but a blocked network starts no new match (docs/moderation.md, threat model).
        a.press("next");
        a.awaitState("blocked");
        assertThat(a.status()).isEqualTo("This network is blocked from Ghostline for a while.");
        people.assertWellBehaved();
    }

    /** A hello without a token, straight to the pod from the same loopback address as every browser. */
    private static boolean refusesNewSessions(SignalingPod pod) {
        try (WsClient probe = WsClient.connect(pod.wsUri())) {
            probe.send(ClientFrames.hello());
            ReceivedFrame answer = probe.awaitFrame(WsClient.DEFAULT_TIMEOUT, "welcome or address-blocked");
            if (answer.message() instanceof ServerMessage.Error error) {
                return error.code() == ErrorCode.ADDRESS_BLOCKED;
            }
            probe.send(ClientFrames.bye()); // not blocked yet: end the session this probe started
            return false;
        }
    }
}
