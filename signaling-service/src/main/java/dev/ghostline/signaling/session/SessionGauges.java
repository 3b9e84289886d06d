package dev.ghostline.signaling.session;

import dev.ghostline.signaling.SignalingMetrics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** The session and connection counts this pod exports; counts only, nothing per session or client. */
@Startup
@ApplicationScoped
public class SessionGauges {

    SessionGauges(SignalingMetrics metrics, SessionRegistry registry) {
        metrics.gauge("ghostline.signaling.connections", "Open WebSocket connections",
                () -> registry.connections().size());
        metrics.gauge("ghostline.signaling.sessions", "Sessions held by this pod, attached or waiting to resume",
                () -> registry.sessions().size());
        metrics.gauge("ghostline.signaling.sessions.waiting", "Sessions waiting for a partner",
                () -> count(registry, Session.State.WAITING));
        // Read under each session's lock, so it never counts a drop whose cancel is not published yet.
        metrics.gauge("ghostline.signaling.sessions.waiting.away", "Waiting sessions whose client dropped and may"
                        + " resume; random-mode ones are not offered for matching meanwhile",
                () -> registry.sessions().stream().filter(Session::waitsWhileAway).count());
        metrics.gauge("ghostline.signaling.sessions.matched", "Sessions with a partner",
                () -> count(registry, Session.State.MATCHED));
        metrics.gauge("ghostline.signaling.signals.kept.chars", "Characters of sent signals kept for a replay, all"
                        + " sessions together (each match keeps at most 256 KiB, for the resume window)",
                () -> registry.sessions().stream().mapToLong(Session::keptSignalChars).sum());
    }

    private static long count(SessionRegistry registry, Session.State state) {
        return registry.sessions().stream().filter(s -> s.state() == state).count();
    }
}
