package dev.ghostline.signaling.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghostline.protocol.wire.ErrorCode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorReplyTest {

    @Test
    void everyTextIsWrittenOnceAndNamesNoClientInput() {
        assertThat(Arrays.stream(ErrorReply.values()).map(ErrorReply::text)).doesNotHaveDuplicates()
                .allSatisfy(text -> assertThat(text).isNotBlank().doesNotContain("%s").doesNotContain("{"));
    }

    @Test
    void aCodeFromTheMatchmakerGetsItsOwnText() {
        assertThat(ErrorReply.forCode(ErrorCode.ROOM_FULL)).isEqualTo(ErrorReply.ROOM_FULL);
        assertThat(ErrorReply.forCode(ErrorCode.UNAVAILABLE).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void aCodeTheValidatorOwnsHasNoPodText() {
        assertThatThrownBy(() -> ErrorReply.forCode(ErrorCode.INVALID_FIELD)).isInstanceOf(IllegalArgumentException.class);
    }
}
