package dev.ghostline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every response through the one address carries security headers, whoever answers: the page's policy on
 * what the pods serve, the no-script policy of a JSON API on what the moderation service and nginx itself
 * answer (its 404 for /q/, its 502 when nothing behind it answers, its 413 for a body over its limit).
 */
@ExtendWith(SharedBrowserStack.class)
class BrowserHeadersIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /**
     * The message of nginx's own answers (deploy/local/nginx.conf.template). The moderation service answers
     * some of the same codes with the same headers (413 body-too-large), so only this tells who answered.
     */
    private static final String INGRESS_MESSAGE = "The Ghostline ingress answered this request itself.";
    private static BrowserStack stack;

    @BeforeAll
    static void useSharedStack() {
        stack = SharedBrowserStack.stack();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/app.js", "/style.css", "/client-config.json", "/no-such-file"})
    void whatThePodsServeCarriesThePagePolicy(String path) throws Exception {
        HttpResponse<String> response = get(stack.origin() + path);

        assertCommonHeaders(response);
        assertThat(response.headers().firstValue("content-security-policy")).get().asString()
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self';", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(response.headers().firstValue("permissions-policy")).get().asString()
                .contains("camera=(self)", "microphone=(self)");
    }

    @Test
    void theModerationApiAnswersWithItsOwnNoScriptPolicy() throws Exception {
        HttpResponse<String> response = get(stack.origin() + "/v1/reasons");

        assertThat(response.statusCode()).isEqualTo(200);
        assertApiHeaders(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/ready", "/q/metrics"})
    void nginxRefusesHealthAndMetricsWithTheHeaders(String path) throws Exception {
        HttpResponse<String> response = get(stack.origin() + path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertApiHeaders(response);
        assertAnsweredByNginx(response, "not-found");
        assertThat(response.body()).doesNotContain("ghostline_");
    }

    @Test
    void whenNothingBehindNginxAnswersItsOwnErrorCarriesTheHeaders() throws Exception {
        try (Nginx nowhere = stack.ingressInFrontOfNothing()) {
            for (String path : List.of("/", "/app.js", "/ws", "/v1/reasons")) {
                HttpResponse<String> response = get(nowhere.origin() + path);

                assertThat(response.statusCode()).as(path).isEqualTo(502);
                assertApiHeaders(response);
                assertAnsweredByNginx(response, "unavailable");
            }
        }
    }

    @Test
    void aReportOverNginxsBodyLimitIsRefusedWithTheHeaders() throws Exception {
        HttpRequest oversized = HttpRequest.newBuilder(URI.create(stack.origin() + "/v1/reports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"" + "x".repeat(20_000) + "\"}"))
                .build();
        HttpResponse<String> response = HTTP.send(oversized, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertApiHeaders(response);
        assertAnsweredByNginx(response, "body-too-large");
    }

    /** The error in the moderation API's shape, from nginx itself, not from anything behind it. */
    private static void assertAnsweredByNginx(HttpResponse<String> response, String code) {
        assertThat(response.body()).as(response.uri() + ": nginx's own answer")
                .contains("\"error\":\"" + code + "\"", "\"message\":\"" + INGRESS_MESSAGE + "\"");
    }

    /** What a JSON answer needs: nothing in it may run, be framed, use a camera or be kept. */
    private static void assertApiHeaders(HttpResponse<String> response) {
        assertCommonHeaders(response);
        assertThat(response.headers().firstValue("content-security-policy")).hasValue(API_POLICY);
        assertThat(response.headers().firstValue("permissions-policy")).get().asString()
                .contains("camera=()", "microphone=()");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
    }

    private static void assertCommonHeaders(HttpResponse<String> response) {
        String what = response.request().method() + " " + response.uri() + " (" + response.statusCode() + ")";
        assertThat(response.headers().allValues("content-security-policy")).as(what + ": one policy, not two")
                .hasSize(1);
        assertThat(response.headers().firstValue("referrer-policy")).as(what).hasValue("no-referrer");
        assertThat(response.headers().firstValue("x-content-type-options")).as(what).hasValue("nosniff");
        assertThat(response.headers().firstValue("x-frame-options")).as(what).hasValue("DENY");
        assertThat(response.headers().map()).as(what).doesNotContainKey("set-cookie");
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
