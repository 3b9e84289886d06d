package dev.ghostline.moderation.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodiesTest {
    private static final List<String> FIELDS = List.of("ticket", "token", "reason");
    private final RequestBodies bodies = new RequestBodies(4096);

    @Test
    void exactlyTheFieldsAsStrings() {
        assertThat(bodies.parse("application/json; charset=utf-8",
                bytes("{\"ticket\":\"t\",\"token\":\"k\",\"reason\":\"spam\"}"), FIELDS))
                .containsEntry("ticket", "t").containsEntry("token", "k").containsEntry("reason", "spam");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "\"x\"", "null", "{}",
        "{\"ticket\":\"t\",\"token\":\"k\"}",
        "{\"ticket\":\"t\",\"token\":\"k\",\"reason\":\"spam\",\"note\":\"free text\"}",
        "{\"ticket\":\"t\",\"token\":\"k\",\"reason\":1}",
        "{\"ticket\":\"t\",\"token\":\"k\",\"reason\":null}",
        "{\"ticket\":\"t\",\"token\":\"k\",\"reason\":[\"spam\"]}",
        "{\"ticket\":\"\",\"token\":\"k\",\"reason\":\"spam\"}",
        "{\"ticket\":\"t\",\"ticket\":\"t\",\"reason\":\"spam\"}",
        "{\"ticket\":\"t\",\"token\":\"k\",\"reason\":\"spam\"} {}",
        "{\"ticket\":\"t\",\"token\":\"k\",\"reason\":\"spam\""
    })
    void anythingElseIsMalformed(String body) {
        assertThatThrownBy(() -> bodies.parse("application/json", bytes(body), FIELDS))
                .isInstanceOfSatisfying(ModerationException.class,
                        e -> assertThat(e.error()).isEqualTo(ModerationError.MALFORMED_BODY))
                .hasMessage("malformed-body");
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsing() {
        byte[] big = new byte[4097];
        assertThatThrownBy(() -> bodies.parse("application/json", big, FIELDS))
                .isInstanceOfSatisfying(ModerationException.class,
                        e -> assertThat(e.error()).isEqualTo(ModerationError.BODY_TOO_LARGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx", " "})
    void onlyJsonIsAccepted(String contentType) {
        assertThatThrownBy(() -> bodies.parse(contentType, bytes("{}"), FIELDS))
                .isInstanceOfSatisfying(ModerationException.class,
                        e -> assertThat(e.error()).isEqualTo(ModerationError.UNSUPPORTED_MEDIA_TYPE));
        assertThatThrownBy(() -> bodies.parse(null, bytes("{}"), FIELDS)).isInstanceOf(ModerationException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
