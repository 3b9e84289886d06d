package dev.ghostline.signaling;

import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ErrorCode;
import dev.ghostline.signaling.session.Session;
import dev.ghostline.signaling.session.SessionRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** Pod metrics. Labels are only ever fixed enums (error and close codes): nothing per session or per client. */
@Singleton
public class SignalingMetrics {
    private final Counter signalsRelayed;
    private final Counter signalsDelivered;
    private final Counter sessionsRevoked;
    private final Counter addressesRefused;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<CloseCode, Counter> closes = new EnumMap<>(CloseCode.class);
    private final MeterRegistry meters;

    SignalingMetrics(MeterRegistry meters, SessionRegistry registry) {
        this.meters = meters;
        Gauge.builder("ghostline.signaling.connections", registry, r -> r.connections().size())
                .description("Open WebSocket connections").register(meters);
        Gauge.builder("ghostline.signaling.sessions", registry, r -> r.sessions().size())
                .description("Sessions held by this pod, attached or waiting to resume").register(meters);
        Gauge.builder("ghostline.signaling.sessions.waiting", registry, r -> count(r, Session.State.WAITING))
                .description("Sessions waiting for a partner").register(meters);
        // Read under each session's lock, so it never counts a drop whose cancel is not published yet.
        Gauge.builder("ghostline.signaling.sessions.waiting.away", registry,
                        r -> r.sessions().stream().filter(Session::waitsWhileAway).count())
                .description("Waiting sessions whose client dropped and may resume; random-mode ones are not"
                        + " offered for matching meanwhile").register(meters);
        Gauge.builder("ghostline.signaling.sessions.matched", registry, r -> count(r, Session.State.MATCHED))
                .description("Sessions with a partner").register(meters);
        signalsRelayed = Counter.builder("ghostline.signaling.signals.relayed")
                .description("Signals sent from this pod's clients to their partners").register(meters);
        signalsDelivered = Counter.builder("ghostline.signaling.signals.delivered")
                .description("Signals delivered to this pod's clients").register(meters);
        sessionsRevoked = Counter.builder("ghostline.signaling.sessions.revoked")
                .description("Sessions this pod ended because moderation revoked them").register(meters);
        addressesRefused = Counter.builder("ghostline.signaling.sessions.refused.blocked")
                .description("New sessions refused because their address was blocked").register(meters);
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("ghostline.signaling.errors").tag("code", code.code())
                    .description("Error frames sent, by code").register(meters));
        }
        for (CloseCode code : CloseCode.values()) {
            closes.put(code, Counter.builder("ghostline.signaling.closes").tag("code", String.valueOf(code.code()))
                    .description("Connections closed by the server, by close code").register(meters));
        }
    }

    /** A count another component keeps (never anything per session or client). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(meters);
    }

    private static double count(SessionRegistry registry, Session.State state) {
        return registry.sessions().stream().filter(s -> s.state() == state).count();
    }

    public void signalRelayed() {
        signalsRelayed.increment();
    }

    public void signalDelivered() {
        signalsDelivered.increment();
    }

    public void sessionRevoked() {
        sessionsRevoked.increment();
    }

    public void addressRefused() {
        addressesRefused.increment();
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    public void closed(CloseCode code) {
        closes.get(code).increment();
    }
}
