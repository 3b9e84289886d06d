package dev.ghostline.signaling;

import dev.ghostline.protocol.wire.CloseCode;
import dev.ghostline.protocol.wire.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Pod metrics. Labels are only ever fixed enums (error and close codes): nothing per session or per client.
 * Gauges over state another layer owns are registered by that layer ({@link #gauge}).
 */
@Singleton
public class SignalingMetrics {
    private final Counter signalsRelayed;
    private final Counter signalsDelivered;
    private final Counter signalsReplayed;
    private final Counter sessionsRevoked;
    private final Counter addressesRefused;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<CloseCode, Counter> closes = new EnumMap<>(CloseCode.class);
    private final MeterRegistry meters;

    public SignalingMetrics(MeterRegistry meters) {
        this.meters = meters;
        signalsRelayed = Counter.builder("ghostline.signaling.signals.relayed")
                .description("Signals sent from this pod's clients to their partners").register(meters);
        signalsDelivered = Counter.builder("ghostline.signaling.signals.delivered")
                .description("Signals delivered to this pod's clients").register(meters);
        signalsReplayed = Counter.builder("ghostline.signaling.signals.replayed")
                .description("Signals sent again to a partner's pod that asked for them after a resume or a loss")
                .register(meters);
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

    public void signalRelayed() {
        signalsRelayed.increment();
    }

    public void signalDelivered() {
        signalsDelivered.increment();
    }

    public void signalsReplayed(int count) {
        signalsReplayed.increment(count);
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
