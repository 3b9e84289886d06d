package dev.ghostline.signaling.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendBacklogTest {

    @Test
    void framesAreRefusedOnlyWhileTheBacklogWouldPassTheCap() {
        SendBacklog backlog = new SendBacklog(100);
        assertThat(backlog.tryAdd(60)).isTrue();
        assertThat(backlog.tryAdd(41)).isFalse();
        assertThat(backlog.queuedChars()).isEqualTo(60);
        assertThat(backlog.tryAdd(40)).isTrue();
        backlog.done(60);
        assertThat(backlog.tryAdd(41)).isTrue();
        assertThat(backlog.queuedChars()).isEqualTo(81);
    }
}
