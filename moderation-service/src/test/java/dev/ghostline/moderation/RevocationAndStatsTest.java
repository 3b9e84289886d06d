package dev.ghostline.moderation;

import static dev.ghostline.moderation.ModerationApiTest.error;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import dev.ghostline.moderation.testing.LogCapture;
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
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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

    /** Every ticket, token and session id a test made: none may appear in any log line. */
    private static final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private static LogCapture logs;

    private Connection observer;

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.install();
        secrets.add(MODERATOR.substring("Bearer ".length()));
        secrets.add(CLASSIFIER.substring("Bearer ".length()));
    }

    @AfterAll
    static void releaseLogs() {
        logs.uninstall();
    }

    @BeforeEach
    void connect() throws Exception {
        observer = Nats.connect(natsUrl);
    }

    @AfterEach
    void disconnectAndCheckLogs() throws InterruptedException {
        observer.close();
        for (String line : logs.lines()) {
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
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

        String report = "{\"ticket\":\"" + ticket + "\",\"token\":\"" + remember(tokens.issue(answerer, Duration.ofHours(1)))
                + "\",\"reason\":\"hate\"}";
        ModerationApiTest.post("/v1/reports", "application/json", report).statusCode(200)
                .body("status", is("revoked"));
        assertThat(new StreamReader(observer).revocationsOf(offerer)).hasSize(1);
    }

    @Test
    void aSessionRevokedByAModeratorCannotReport() throws Exception {
        String offerer = Ids.random();
        String answerer = Ids.random();
        String ticket = ticket(offerer, answerer);
        revoke(MODERATOR, ticket, "offerer", "minor-safety").statusCode(200).body("status", is("revoked"));

        String offererToken = remember(tokens.issue(offerer, Duration.ofHours(1)));
        String report = "{\"ticket\":\"" + ticket + "\",\"token\":\"" + offererToken + "\",\"reason\":\"harassment\"}";
        error(ModerationApiTest.post("/v1/reports", "application/json", report), 403, "token-rejected");
        assertThat(new StreamReader(observer).revocationsOf(answerer)).isEmpty();
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
    void statsAreAggregateCountsThatMoveByExactlyWhatHappened() {
        JsonPath before = stats();
        String offerer = Ids.random();
        String ticket = ticket(offerer, Ids.random());
        revoke(MODERATOR, ticket, "offerer", "spam").statusCode(200);
        error(given().header("Authorization", "Bearer nope").get("/v1/stats").then(), 403, "forbidden");

        String body = given().header("Authorization", CLASSIFIER).get("/v1/stats").then().statusCode(200)
                .extract().asString();
        JsonPath after = new JsonPath(body);
        assertThat(after.getLong("revocations.api.spam")).isEqualTo(before.getLong("revocations.api.spam") + 1);
        assertThat(after.getLong("rejected.forbidden")).isEqualTo(before.getLong("rejected.forbidden") + 1);
        assertThat(after.getLong("reports.counted")).isEqualTo(before.getLong("reports.counted"));
        assertThat(after.getLong("revocations.reports.spam")).isEqualTo(before.getLong("revocations.reports.spam"));
        assertThat(body).doesNotContain(offerer).doesNotContain(ticket);
    }

    private static JsonPath stats() {
        return given().header("Authorization", CLASSIFIER).get("/v1/stats").then().statusCode(200).extract().jsonPath();
    }

    private String ticket(String offerer, String answerer) {
        secrets.add(offerer);
        secrets.add(answerer);
        return remember(tickets.issue(Ids.random(), offerer, answerer, remember(Ids.random()), remember(Ids.random()),
                Duration.ofHours(2)));
    }

    private static String remember(String secret) {
        secrets.add(secret);
        return secret;
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
