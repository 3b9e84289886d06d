package dev.ghostline.moderation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.support.testing.Management;
import dev.ghostline.support.testing.NatsServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document kept in the repository is exactly the one the service serves, so neither can drift.
 * After an API change: run this test, then copy target/openapi-served.yaml over src/main/openapi/openapi.yaml.
 */
@QuarkusTest
@WithTestResource(NatsServerResource.class)
class OpenApiDocumentTest {
    private static final Path KEPT = Path.of("src/main/openapi/openapi.yaml");
    private static final Path SERVED_COPY = Path.of("target/openapi-served.yaml");

    @Test
    void theServedDocumentIsTheKeptOne() throws Exception {
        String served = Management.given().get("/q/openapi").then().statusCode(200).extract().asString();
        Files.writeString(SERVED_COPY, served, StandardCharsets.UTF_8);
        assertThat(served).contains("/v1/reports", "/v1/revocations", "/v1/stats", "/v1/reasons");
        assertThat(Files.exists(KEPT)).as(KEPT + " exists").isTrue();
        assertThat(normalize(served))
                .as("served /q/openapi differs from " + KEPT + "; see " + SERVED_COPY)
                .isEqualTo(normalize(Files.readString(KEPT, StandardCharsets.UTF_8)));
    }

    private static String normalize(String yaml) {
        return yaml.replace("\r\n", "\n").strip();
    }
}
