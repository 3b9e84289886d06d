package dev.ghostline.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    @Test
    void aCommandRunsInItsOwnDirectoriesAndItsOutputAndExitCodeAreKept() {
        ManagedProcess command = ManagedProcess.start("command", home,
                List.of("sh", "-c", "pwd; echo \"tmp=$TMPDIR\"; echo \"var=$GREETING\"; echo oops >&2; exit 3"),
                Map.of("GREETING", "hello"));

        assertThat(command.awaitExit(WAIT)).isTrue();
        assertThat(command.exitCode()).isEqualTo(3);
        assertThat(command.logs()).contains(home.resolve("work").toString(), "tmp=" + home.resolve("tmp"),
                "var=hello", "oops");
        assertThat(Files.isDirectory(command.workDir())).isTrue();
        assertThat(Files.isDirectory(command.tmpDir())).isTrue();
    }

    @Test
    void stopEndsAServerAndKeepsWhatItSaidOnTheWayOut() {
        ManagedProcess server = ManagedProcess.start("server", home,
                List.of("sh", "-c", "trap 'echo bye; exit 0' TERM; echo up; while :; do sleep 0.1; done"), Map.of());
        server.awaitReady(WAIT, () -> server.logs().contains("up"));

        server.stop();

        assertThat(server.isAlive()).isFalse();
        assertThat(server.logs()).contains("bye");
    }

    @Test
    void awaitReadyFailsAtOnceWithTheOutputWhenTheProcessExits() {
        ManagedProcess broken = ManagedProcess.start("broken", home, List.of("sh", "-c", "echo no config; exit 1"),
                Map.of());

        assertThatThrownBy(() -> broken.awaitReady(WAIT, () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("broken did not become ready")
                .hasMessageContaining("no config");
    }

    @Test
    void aCommandStillRunningAfterTheWaitIsReportedAndCanBeKilled() {
        ManagedProcess slow = ManagedProcess.start("slow", home, List.of("sh", "-c", "exec sleep 60"), Map.of());

        assertThat(slow.awaitExit(Duration.ofMillis(200))).isFalse();
        slow.kill();
        assertThat(slow.isAlive()).isFalse();
    }
}
