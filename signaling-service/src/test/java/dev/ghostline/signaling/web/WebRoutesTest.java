package dev.ghostline.signaling.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ghostline.support.testing.Management;
import dev.ghostline.support.testing.NatsServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pod serves the page, and every response it sends carries the security headers. */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class WebRoutesTest {

    @Test
    void theRootServesThePageThatLoadsOnlyItsOwnScript() {
        secured(given().get("/").then().statusCode(200))
                .contentType(containsString("text/html"))
                .body(containsString("<script type=\"module\" src=\"app.js\"></script>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app.js", "/call.js", "/devices.js", "/state.js", "/signaling.js", "/signal-log.js", "/view.js", "/prefs.js",
        "/moderation.js", "/report.js", "/style.css", "/favicon.svg"})
    void everyAssetIsServedWithTheHeaders(String path) {
        secured(given().get(path).then().statusCode(200));
    }

    @Test
    void errorsAndHealthCarryTheHeadersToo() {
        secured(given().get("/no-such-page").then().statusCode(404));
        // Health is on the management port; the public port has nothing under /q/, and says so with the headers.
        secured(given().get("/q/health/live").then().statusCode(404));
        Management.given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theClientConfigNamesTheSameOriginForModerationByDefault() {
        secured(given().get("/client-config.json").then().statusCode(200))
                .header("Cache-Control", "no-store")
                .body("moderationApi", equalTo(""));
    }

    private static ValidatableResponse secured(ValidatableResponse response) {
        return response
                .header("Content-Security-Policy", containsString("connect-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Referrer-Policy", "no-referrer")
                .header("Permissions-Policy", containsString("camera=(self)"))
                .header("X-Content-Type-Options", "nosniff");
    }
}
