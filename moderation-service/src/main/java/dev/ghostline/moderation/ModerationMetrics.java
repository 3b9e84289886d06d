package dev.ghostline.moderation;

import dev.ghostline.moderation.api.Bodies;
import dev.ghostline.moderation.api.ModerationError;
import dev.ghostline.moderation.core.ModerationEvents;
import dev.ghostline.moderation.core.ReportStatus;
import dev.ghostline.protocol.moderation.ReportReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The service's counters, shown both as Prometheus metrics and by {@code GET /v1/stats}. Tags take enum values
 * only (status, error code, source, reason): never an id or anything a client chose.
 */
@ApplicationScoped
public class ModerationMetrics implements ModerationEvents {
    private final Map<ReportStatus, Counter> reports = new EnumMap<>(ReportStatus.class);
    private final Map<ModerationError, Counter> rejections = new EnumMap<>(ModerationError.class);
    private final Map<Source, Map<ReportReason, Counter>> revocations = new EnumMap<>(Source.class);

    ModerationMetrics(MeterRegistry registry) {
        for (ReportStatus status : ReportStatus.values()) {
            reports.put(status, Counter.builder("ghostline.moderation.reports")
                    .description("Reports taken, by the status answered")
                    .tag("status", status.code())
                    .register(registry));
        }
        for (ModerationError error : ModerationError.values()) {
            rejections.put(error, Counter.builder("ghostline.moderation.rejections")
                    .description("Requests answered with an error, by error code")
                    .tag("error", error.code())
                    .register(registry));
        }
        for (Source source : Source.values()) {
            Map<ReportReason, Counter> byReason = new EnumMap<>(ReportReason.class);
            for (ReportReason reason : ReportReason.values()) {
                byReason.put(reason, Counter.builder("ghostline.moderation.revocations")
                        .description("Revocations published, by source and reason")
                        .tag("source", sourceName(source))
                        .tag("reason", reason.code())
                        .register(registry));
            }
            revocations.put(source, byReason);
        }
    }

    @Override
    public void reportTaken(ReportStatus status) {
        reports.get(status).increment();
    }

    @Override
    public void revocationPublished(Source source, ReportReason reason) {
        revocations.get(source).get(reason).increment();
    }

    public void rejected(ModerationError error) {
        rejections.get(error).increment();
    }

    public Bodies.Stats stats() {
        Map<String, Long> reportCounts = new LinkedHashMap<>();
        reports.forEach((status, counter) -> reportCounts.put(status.code(), (long) counter.count()));
        Map<String, Long> rejected = new LinkedHashMap<>();
        rejections.forEach((error, counter) -> rejected.put(error.code(), (long) counter.count()));
        Map<String, Map<String, Long>> revoked = new LinkedHashMap<>();
        revocations.forEach((source, byReason) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            byReason.forEach((reason, counter) -> counts.put(reason.code(), (long) counter.count()));
            revoked.put(sourceName(source), counts);
        });
        return new Bodies.Stats(reportCounts, rejected, revoked);
    }

    private static String sourceName(Source source) {
        return source.name().toLowerCase(Locale.ROOT);
    }
}
