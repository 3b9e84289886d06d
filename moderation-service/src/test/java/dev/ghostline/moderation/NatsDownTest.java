package dev.ghostline.moderation;

import static dev.ghostline.moderation.ModerationApiTest.error;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import dev.ghostline.support.testing.Management;
import dev.ghostline.moderation.testing.LogCapture;
import dev.ghostline.moderation.testing.StoppableNatsResource;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
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
        LogCapture logs = LogCapture.install();
        try {
            String a = Ids.random();
            String b = Ids.random();
            String ticket = tickets.issue(Ids.random(), a, b, Ids.random(), Ids.random(), Duration.ofHours(2));
            String tokenA = tokens.issue(a, Duration.ofHours(1));
            String tokenB = tokens.issue(b, Duration.ofHours(1));
            ModerationApiTest.post("/v1/reports", "application/json", body(ticket, tokenA)).statusCode(200)
                    .body("status", is("counted"));

            StoppableNatsResource.stopServer();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> Management.given().get("/q/health/ready").then().statusCode(503));

            error(ModerationApiTest.post("/v1/reports", "application/json", body(ticket, tokenB)), 503, "unavailable");
            given().get("/v1/reasons").then().statusCode(200);
            error(ModerationApiTest.post("/v1/reports", "application/json", "{}"), 400, "malformed-body");

            assertThat(logs.lines()).as("the 503 was logged, so the check below sees its line")
                    .anyMatch(line -> line.contains("moderation store unavailable"));
            for (String line : logs.lines()) {
                for (String secret : List.of(a, b, ticket, tokenA, tokenB, ModerationApiTest.FORWARDED_ADDRESS)) {
                    assertThat(line).doesNotContain(secret);
                }
            }
        } finally {
            logs.uninstall();
        }
    }

    private static String body(String ticket, String token) {
        return "{\"ticket\":\"" + ticket + "\",\"token\":\"" + token + "\",\"reason\":\"spam\"}";
    }
}
