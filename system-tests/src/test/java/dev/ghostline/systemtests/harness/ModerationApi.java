package dev.ghostline.systemtests.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The moderation service's REST API as a client (a browser, or a moderator's tool) uses it. */
public final class ModerationApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final GhostlineCluster cluster;

    public ModerationApi(GhostlineCluster cluster) {
        this.cluster = cluster;
    }

    /** The answer to a request: status code and JSON body. */
    public record Answer(int status, JsonNode body) {
        public String field(String name) {
            return body.path(name).asText();
        }
    }

    /** {@code reporter} reports the other party of {@code reporter}'s last match. */
    public Answer report(Session reporter, String reason) {
        return post("/v1/reports", Map.of("ticket", reporter.matched().ticket(), "token", reporter.token(),
                "reason", reason), Map.of());
    }

    public Answer post(String path, Map<String, String> body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(cluster.moderationUri(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            headers.forEach(request::header);
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) throws JsonProcessingException {
        return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }
}
