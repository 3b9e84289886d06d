package dev.ghostline.signaling.testing;

import dev.ghostline.support.testing.Management;
import java.time.Duration;
import org.awaitility.Awaitility;

/** The pod under test refuses every hello until it has read the moderation stream (see ReplayGateTest). */
public final class PodReadiness {
    private PodReadiness() {
    }

    public static void await() {
        Awaitility.await("the pod is ready").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Management.given().get("/q/health/ready").then().statusCode(200));
    }
}
