package dev.ghostline.moderation;

import static dev.ghostline.moderation.ModerationApiTest.error;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.ghostline.moderation.testing.StoppableNatsResource;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without NATS the service answers 503 "unavailable" and reports itself not ready; nothing else breaks. */
@QuarkusTest
@WithTestResource(StoppableNatsResource.class)
class NatsDownTest {
    @Inject
    MatchTickets tickets;
    @Inject
    SessionTokens tokens;

    @Test
    void reportsAnswerUnavailableWhileNatsIsDown() throws Exception {
        String a = Ids.random();
        String b = Ids.random();
        String ticket = tickets.issue(Ids.random(), a, b, Duration.ofHours(2));
        String body = "{\"ticket\":\"" + ticket + "\",\"token\":\"" + tokens.issue(a, Duration.ofHours(1))
                + "\",\"reason\":\"spam\"}";
        ModerationApiTest.post("/v1/reports", "application/json", body).statusCode(200).body("status", is("counted"));

        StoppableNatsResource.stopServer();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> given().get("/q/health/ready").then().statusCode(503));

        String other = "{\"ticket\":\"" + ticket + "\",\"token\":\"" + tokens.issue(b, Duration.ofHours(1))
                + "\",\"reason\":\"spam\"}";
        error(ModerationApiTest.post("/v1/reports", "application/json", other), 503, "unavailable");
        given().get("/v1/reasons").then().statusCode(200);
        error(ModerationApiTest.post("/v1/reports", "application/json", "{}"), 400, "malformed-body");
    }
}
