package dev.ghostline.moderation;

import static dev.ghostline.moderation.ModerationApiTest.error;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import dev.ghostline.moderation.testing.StreamReader;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.Ids;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.support.testing.NatsServerResource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The protected endpoints: API keys, revocations and stats, against a real nats-server. */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class RevocationAndStatsTest {
    private static final String MODERATOR = "Bearer test-moderator-key-0123456789abcdef";
    private static final String CLASSIFIER = "Bearer test-classifier-key-0123456789abcdef";

    @Inject
    MatchTickets tickets;
    @Inject
    SessionTokens tokens;
    @ConfigProperty(name = "ghostline.nats.url")
    String natsUrl;

    private Connection observer;

    @BeforeEach
    void connect() throws Exception {
        observer = Nats.connect(natsUrl);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        observer.close();
    }

    @Test
    void withoutCredentialsTheAnswerIs401WithAChallenge() {
        String ticket = ticket(Ids.random(), Ids.random());
        error(revoke(null, ticket, "offerer", "hate"), 401, "unauthorized");
        revoke(null, ticket, "offerer", "hate").header("WWW-Authenticate", "Bearer realm=\"ghostline-moderation\"");
        error(revoke("Basic dXNlcjpwYXNz", ticket, "offerer", "hate"), 401, "unauthorized");
        given().get("/v1/stats").then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"ghostline-moderation\"");
    }

    @Test
    void aWrongKeyIs403() {
        String ticket = ticket(Ids.random(), Ids.random());
        error(revoke("Bearer test-moderator-key-0123456789abcdeX", ticket, "offerer", "hate"), 403, "forbidden");
        error(given().header("Authorization", "Bearer nope").get("/v1/stats").then(), 403, "forbidden");
    }

    @Test
    void aModeratorRevokesEitherPartyAndTheStreamCarriesIt() throws Exception {
        String offerer = Ids.random();
        String answerer = Ids.random();
        String ticket = ticket(offerer, answerer);

        revoke(MODERATOR, ticket, "answerer", "violence").statusCode(200).body("status", is("revoked"));
        assertThat(new StreamReader(observer).revocationsOf(answerer)).singleElement()
                .extracting(BusMessage.SessionRevoked::reason).isEqualTo(ReportReason.VIOLENCE);
        assertThat(new StreamReader(observer).revocationsOf(offerer)).isEmpty();

        revoke(CLASSIFIER, ticket, "offerer", "sexual-content").statusCode(200).body("status", is("revoked"));
        assertThat(new StreamReader(observer).revocationsOf(offerer)).singleElement()
                .extracting(BusMessage.SessionRevoked::reason).isEqualTo(ReportReason.SEXUAL_CONTENT);
    }

    @Test
    void aRevokedSessionsLaterReportsAnswerRevokedWithoutPublishingAgain() throws Exception {
        String offerer = Ids.random();
        String answerer = Ids.random();
        String ticket = ticket(offerer, answerer);
        revoke(MODERATOR, ticket, "offerer", "hate").statusCode(200);

        String report = "{\"ticket\":\"" + ticket + "\",\"token\":\"" + tokens.issue(answerer, Duration.ofHours(1))
                + "\",\"reason\":\"hate\"}";
        ModerationApiTest.post("/v1/reports", "application/json", report).statusCode(200)
                .body("status", is("revoked"));
        assertThat(new StreamReader(observer).revocationsOf(offerer)).hasSize(1);
    }

    @Test
    void aRepeatedRevocationIsStoredOnce() throws Exception {
        String offerer = Ids.random();
        String ticket = ticket(offerer, Ids.random());
        revoke(MODERATOR, ticket, "offerer", "hate").statusCode(200).body("status", is("revoked"));
        revoke(CLASSIFIER, ticket, "offerer", "hate").statusCode(200).body("status", is("revoked"));
        // Both carry the same message id; JetStream keeps one inside its duplicate window.
        assertThat(new StreamReader(observer).revocationsOf(offerer)).hasSize(1);
    }

    @Test
    void badRevocationsGetTheirOwnCodes() {
        String ticket = ticket(Ids.random(), Ids.random());
        error(revoke(MODERATOR, ticket, "both", "hate"), 400, "unknown-party");
        error(revoke(MODERATOR, ticket, "offerer", "rude"), 400, "unknown-reason");
        error(revoke(MODERATOR, ticket + "x", "offerer", "hate"), 403, "ticket-rejected");
        error(given().header("Authorization", MODERATOR).contentType("application/json").body("{\"ticket\":1}")
                .post("/v1/revocations").then(), 400, "malformed-body");
        error(given().header("Authorization", MODERATOR).contentType("text/plain").body("x")
                .post("/v1/revocations").then(), 415, "unsupported-media-type");
    }

    @Test
    void statsAreAggregateCountsOnly() {
        String offerer = Ids.random();
        String ticket = ticket(offerer, Ids.random());
        revoke(MODERATOR, ticket, "offerer", "spam").statusCode(200);
        String stats = given().header("Authorization", CLASSIFIER).get("/v1/stats").then().statusCode(200)
                .body("revocations.api.spam", greaterThanOrEqualTo(1))
                .body("reports.counted", greaterThanOrEqualTo(0))
                .body("rejected.forbidden", greaterThanOrEqualTo(0))
                .extract().asString();
        assertThat(stats).doesNotContain(offerer).doesNotContain(ticket);
    }

    private String ticket(String offerer, String answerer) {
        return tickets.issue(Ids.random(), offerer, answerer, Duration.ofHours(2));
    }

    private static ValidatableResponse revoke(String authorization, String ticket, String party, String reason) {
        var request = given().contentType("application/json")
                .body("{\"ticket\":\"" + ticket + "\",\"party\":\"" + party + "\",\"reason\":\"" + reason + "\"}");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/v1/revocations").then();
    }
}
