package dev.ghostline.moderation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.ghostline.support.testing.Management;
import dev.ghostline.moderation.testing.LogCapture;
import dev.ghostline.moderation.testing.StreamReader;
import dev.ghostline.protocol.bus.BusMessage;
import dev.ghostline.protocol.crypto.AddressHashes;
import dev.ghostline.protocol.crypto.ClusterSecret;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reporting side of the API over HTTP, against a real nats-server with JetStream. */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class ModerationApiTest {
    static final String FORWARDED_ADDRESS = "203.0.113.77";
    /** Logged once at start: proves the capture sees the service's log lines at all. */
    private static final String CANARY = "log-capture-canary";
    private static LogCapture logs;
    /** Every token, ticket, session id and network a test made: none may appear in any log line. */
    private static final Set<String> secrets = ConcurrentHashMap.newKeySet();

    @Inject
    MatchTickets tickets;
    @Inject
    SessionTokens tokens;
    @Inject
    ClusterSecret clusterSecret;
    @ConfigProperty(name = "ghostline.nats.url")
    String natsUrl;

    private Connection observer;

    @BeforeAll
    static void captureLogs() {
        logs = LogCapture.install();
        org.jboss.logging.Logger.getLogger(ModerationApiTest.class).info(CANARY);
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
    void noSecretInAnyLogLine() throws InterruptedException {
        observer.close();
        assertThat(logs.lines()).anyMatch(line -> line.contains(CANARY));
        for (String line : logs.lines()) {
            assertThat(line).doesNotContain(FORWARDED_ADDRESS);
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
    }

    @Test
    void reasonsAreTheFixedList() {
        given().get("/v1/reasons").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", equalTo(
                        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"))
                .header("Permissions-Policy", containsString("camera=()"))
                .header("X-Frame-Options", "DENY")
                .body("reasons", equalTo(List.of("harassment", "hate", "sexual-content", "minor-safety",
                        "violence", "spam")));
    }

    @Test
    void aReportIsCountedOnceAndTheSecondIsADuplicate() {
        Match match = new Match();
        report(match.ticket, match.tokenA, "harassment").statusCode(200).body("status", is("counted"));
        report(match.ticket, match.tokenA, "hate").statusCode(200).body("status", is("duplicate"));
        report(match.ticket, match.tokenB, "spam").statusCode(200).body("status", is("counted"))
                .header("Retry-After", nullValue());
    }

    @Test
    void theThresholdRevokesExactlyOnceAndLaterReportsSeeIt() throws Exception {
        String reported = remember(Ids.random());
        Match first = new Match(reported);
        Match second = new Match(reported);
        Match third = new Match(reported);
        report(first.ticket, first.tokenB, "minor-safety").statusCode(200).body("status", is("counted"));
        report(second.ticket, second.tokenB, "minor-safety").statusCode(200).body("status", is("revoked"));
        report(third.ticket, third.tokenB, "spam").statusCode(200).body("status", is("revoked"));

        List<BusMessage.SessionRevoked> revoked = new StreamReader(observer).revocationsOf(reported);
        assertThat(revoked).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(ReportReason.MINOR_SAFETY);
            assertThat(Instant.ofEpochSecond(r.untilEpochSecond()))
                    .isAfter(Instant.now().plus(Duration.ofHours(23)))
                    .isBefore(Instant.now().plus(Duration.ofHours(25)));
        });
    }

    @Test
    void aSevereReportDoesNotMakeAMilderOneRevoke() throws Exception {
        String reported = remember(Ids.random());
        Match first = new Match(reported);
        Match second = new Match(reported);
        report(first.ticket, first.tokenB, "minor-safety").statusCode(200).body("status", is("counted"));
        report(second.ticket, second.tokenB, "spam").statusCode(200).body("status", is("counted"));
        assertThat(new StreamReader(observer).revocationsOf(reported)).isEmpty();
    }

    @Test
    void tabsOfOneNetworkCountAsOneReporterWhateverAddressTheyReportFrom() throws Exception {
        AddressHashes hashes = new AddressHashes(clusterSecret, Clock.systemUTC());
        // Two tabs behind one IPv6 /64: the matchmaker sealed the same network into both of their tickets.
        String network = remember(hashes.network("2001:db8:7:1::10"));
        assertThat(hashes.network("2001:db8:7:1:ffff::2")).isEqualTo(network);
        String reported = remember(Ids.random());
        Match firstTab = new Match(reported, remember(Ids.random()), remember(Ids.random()), network);
        Match secondTab = new Match(reported, remember(Ids.random()), remember(Ids.random()), network);

        reportFrom("198.51.100.21", firstTab.ticket, firstTab.tokenB, "minor-safety").statusCode(200)
                .body("status", is("counted"));
        String duplicate = reportFrom("198.51.100.22", secondTab.ticket, secondTab.tokenB, "minor-safety")
                .statusCode(200).body("status", is("duplicate")).extract().asString();
        assertThat(new StreamReader(observer).revocationsOf(reported)).as("one network does not reach 2").isEmpty();

        Match otherNetwork = new Match(reported);
        report(otherNetwork.ticket, otherNetwork.tokenB, "minor-safety").statusCode(200)
                .body("status", is("revoked"));
        assertThat(new StreamReader(observer).revocationsOf(reported)).hasSize(1);
        assertThat(duplicate).doesNotContain(network);
        assertThat(metrics()).doesNotContain(network);
    }

    @Test
    void aSessionRevokedByReportsCannotReportItsReporters() throws Exception {
        String reported = remember(Ids.random());
        Match first = new Match(reported);
        Match second = new Match(reported);
        report(first.ticket, first.tokenB, "sexual-content").statusCode(200).body("status", is("counted"));
        report(second.ticket, second.tokenB, "sexual-content").statusCode(200).body("status", is("revoked"));

        // The revoked session's own tokens, each with a genuine ticket naming one of its reporters.
        error(report(first.ticket, first.tokenA, "harassment"), 403, "token-rejected");
        error(report(second.ticket, second.tokenA, "harassment"), 403, "token-rejected");

        StreamReader stream = new StreamReader(observer);
        assertThat(stream.revocationsOf(reported)).hasSize(1);
        assertThat(stream.revocationsOf(first.b)).isEmpty();
        assertThat(stream.revocationsOf(second.b)).isEmpty();
    }

    @Test
    void forgedExpiredAndForeignCredentialsAreRefused() {
        Match match = new Match();
        String expiredTicket = remember(new MatchTickets(clusterSecret, Clock.offset(Clock.systemUTC(),
                Duration.ofHours(-3))).issue(Ids.random(), match.a, match.b, match.networkA, match.networkB,
                Duration.ofHours(2)));
        String expiredToken = remember(new SessionTokens(clusterSecret, Clock.offset(Clock.systemUTC(),
                Duration.ofHours(-3))).issue(match.a, Duration.ofHours(1)));
        String stranger = remember(tokens.issue(remember(Ids.random()), Duration.ofHours(1)));

        error(report(match.ticket + "x", match.tokenA, "spam"), 403, "ticket-rejected");
        error(report(expiredTicket, match.tokenA, "spam"), 403, "ticket-rejected");
        error(report(match.tokenA, match.tokenA, "spam"), 403, "ticket-rejected");
        error(report(match.ticket, "forged", "spam"), 403, "token-rejected");
        error(report(match.ticket, expiredToken, "spam"), 403, "token-rejected");
        error(report(match.ticket, match.ticket, "spam"), 403, "token-rejected");
        error(report(match.ticket, stranger, "spam"), 403, "not-a-party");
        report(match.ticket, match.tokenA, "spam").statusCode(200).body("status", is("counted"));
    }

    @Test
    void badBodiesGetTheirOwnCodes() {
        Match match = new Match();
        error(post("/v1/reports", "application/json", "not json"), 400, "malformed-body");
        error(post("/v1/reports", "application/json", ""), 400, "malformed-body");
        error(post("/v1/reports", "application/json", "{\"ticket\":\"" + match.ticket + "\",\"token\":\""
                + match.tokenA + "\",\"reason\":\"spam\",\"note\":\"free text\"}"), 400, "malformed-body");
        error(post("/v1/reports", "application/json", "{\"ticket\":\"" + match.ticket + "\",\"token\":\""
                + match.tokenA + "\",\"reason\":7}"), 400, "malformed-body");
        error(report(match.ticket, match.tokenA, "rude"), 400, "unknown-reason");
        error(report(match.ticket, match.tokenA, "HARASSMENT"), 400, "unknown-reason");
        error(post("/v1/reports", "text/plain", body(match.ticket, match.tokenA, "spam")), 415,
                "unsupported-media-type");
        error(post("/v1/reports", "application/json", "{\"ticket\":\"" + "t".repeat(5000) + "\"}"), 413,
                "body-too-large");
        // Nothing above reached the tally: the report still counts.
        report(match.ticket, match.tokenA, "spam").statusCode(200).body("status", is("counted"));
    }

    @Test
    void wrongMethodsAndPathsKeepTheRestLayersAnswers() {
        given().get("/v1/reports").then().statusCode(405);
        given().get("/v1/nothing-here").then().statusCode(404);
    }

    @Test
    void aReporterIsRateLimited() {
        String reporter = remember(Ids.random());
        String token = remember(tokens.issue(reporter, Duration.ofHours(1)));
        for (int i = 0; i < 5; i++) {
            Match match = new Match(reporter, remember(Ids.random()));
            report(match.ticket, token, "spam").statusCode(200).body("status", is("counted"));
        }
        Match sixth = new Match(reporter, remember(Ids.random()));
        ValidatableResponse limited = report(sixth.ticket, token, "spam");
        error(limited, 429, "rate-limited");
        limited.header("Retry-After", not(emptyOrNullString()));
    }

    @Test
    void corsIsOpenToTheWebClientOnPublicPathsOnly() {
        String web = "https://chat.example.org";
        given().header("Origin", web).header("Access-Control-Request-Method", "POST")
                .options("/v1/reports").then().statusCode(204)
                .header("Access-Control-Allow-Origin", web)
                .header("Access-Control-Allow-Headers", "Content-Type");
        given().header("Origin", web).get("/v1/reasons").then().statusCode(200)
                .header("Access-Control-Allow-Origin", web);
        // The web client can read the error of a refused report too.
        given().header("Origin", web).contentType("application/json").body("{}").post("/v1/reports").then()
                .statusCode(400).header("Access-Control-Allow-Origin", web);
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/v1/reports").then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", web).header("Access-Control-Request-Method", "POST")
                .options("/v1/revocations").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", web).get("/v1/stats").then().statusCode(401)
                .header("Access-Control-Allow-Origin", nullValue());
        // Every other path the public port serves refuses the preflight outright; /q/* is not served there at all.
        for (String path : List.of("/v1/stats", "/v1/nothing-here", "/elsewhere", "/q/metrics", "/q/openapi")) {
            given().header("Origin", web).header("Access-Control-Request-Method", "GET")
                    .options(path).then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        }
        // Quarkus 3.32's management interface answers any Origin with "*" (it has no CORS settings of its own
        // before quarkusio/quarkus#53432). It is reachable only inside the cluster and holds aggregate counts: what
        // matters is that it never lets a page send credentials.
        for (String path : List.of("/q/metrics", "/q/health/ready", "/q/openapi")) {
            Management.given().header("Origin", web).header("Access-Control-Request-Method", "GET").options(path)
                    .then().header("Access-Control-Allow-Credentials", nullValue());
        }
    }

    @Test
    void healthIsReadyAndMetricsCarryOnlyEnumTags() {
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        String counted = "ghostline_moderation_reports_total{status=\"counted\"}";
        double before = metric(metrics(), counted);
        Match match = new Match();
        report(match.ticket, match.tokenA, "violence").statusCode(200).body("status", is("counted"));

        String after = metrics();
        assertThat(metric(after, counted)).as(counted).isEqualTo(before + 1);
        assertThat(after).contains("ghostline_moderation_revocations_total{reason=\"minor-safety\",source=\"reports\"}");
        for (String secret : List.of(match.a, match.b, match.ticket, match.tokenA, match.tokenB)) {
            assertThat(after).doesNotContain(secret);
        }
    }

    private static String metrics() {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one Prometheus series, e.g. {@code name{tag="value"}}. */
    private static double metric(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series));
    }

    private ValidatableResponse report(String ticket, String token, String reason) {
        return post("/v1/reports", "application/json", body(ticket, token, reason));
    }

    /** A report as if sent from {@code address}: the service must not care where it comes from. */
    private ValidatableResponse reportFrom(String address, String ticket, String token, String reason) {
        return given().contentType("application/json").header("X-Forwarded-For", remember(address))
                .body(body(ticket, token, reason)).post("/v1/reports").then();
    }

    static ValidatableResponse post(String path, String contentType, String body) {
        return given().contentType(contentType).header("X-Forwarded-For", FORWARDED_ADDRESS).body(body)
                .post(path).then();
    }

    static void error(ValidatableResponse response, int status, String code) {
        response.statusCode(status).contentType(containsString("application/json"))
                .body("error", is(code)).body("message", not(emptyOrNullString()));
    }

    private static String body(String ticket, String token, String reason) {
        return "{\"ticket\":\"" + ticket + "\",\"token\":\"" + token + "\",\"reason\":\"" + reason + "\"}";
    }

    static String remember(String secret) {
        secrets.add(secret);
        return secret;
    }

    /** Two sessions a (offerer) and b (answerer), the networks they joined from, their ticket and tokens. */
    private final class Match {
        final String a;
        final String b;
        final String networkA;
        final String networkB;
        final String ticket;
        final String tokenA;
        final String tokenB;

        Match() {
            this(remember(Ids.random()), remember(Ids.random()));
        }

        /** A match in which {@code reported} is the offerer and a fresh session the answerer. */
        Match(String reported) {
            this(reported, remember(Ids.random()));
        }

        /** Each on a network of its own. */
        Match(String a, String b) {
            this(a, b, remember(Ids.random()), remember(Ids.random()));
        }

        Match(String a, String b, String networkA, String networkB) {
            this.a = a;
            this.b = b;
            this.networkA = networkA;
            this.networkB = networkB;
            this.ticket = remember(tickets.issue(remember(Ids.random()), a, b, networkA, networkB,
                    Duration.ofHours(2)));
            this.tokenA = remember(tokens.issue(a, Duration.ofHours(1)));
            this.tokenB = remember(tokens.issue(b, Duration.ofHours(1)));
        }
    }
}
