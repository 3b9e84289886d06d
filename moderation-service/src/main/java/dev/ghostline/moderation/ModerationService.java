package dev.ghostline.moderation;

import dev.ghostline.moderation.core.ApiKeys;
import dev.ghostline.moderation.core.ModerationBuckets;
import dev.ghostline.moderation.core.RateLimiter;
import dev.ghostline.moderation.core.ReportDesk;
import dev.ghostline.moderation.core.StoreUnavailableException;
import dev.ghostline.moderation.core.TallyStore;
import dev.ghostline.moderation.core.ThresholdRule;
import dev.ghostline.protocol.crypto.MatchTickets;
import dev.ghostline.protocol.crypto.SessionTokens;
import dev.ghostline.protocol.moderation.ReportReason;
import dev.ghostline.support.ModerationStreamSetup;
import dev.ghostline.support.NatsConfig;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Wires the plain moderation classes to the service's NATS connection and settings. The stream and buckets are
 * created at startup, before anything can publish; if NATS is down then, the first request tries again (and
 * answers 503 while it cannot).
 */
@ApplicationScoped
public class ModerationService {
    private static final Logger LOG = Logger.getLogger(ModerationService.class);

    private final Connection connection;
    private final ModerationConfig config;
    private final NatsConfig natsConfig;
    private final EmitterRevocationPublisher publisher;
    private final ModerationMetrics metrics;
    private final MatchTickets tickets;
    private final SessionTokens tokens;
    private final Clock clock;
    private final ApiKeys apiKeys;
    private final ThresholdRule rule;
    private final RateLimiter limiter;
    private volatile ReportDesk desk;

    ModerationService(Connection connection, ModerationConfig config, NatsConfig natsConfig,
                      EmitterRevocationPublisher publisher, ModerationMetrics metrics, MatchTickets tickets,
                      SessionTokens tokens, Clock clock) {
        this.connection = connection;
        this.config = config;
        this.natsConfig = natsConfig;
        this.publisher = publisher;
        this.metrics = metrics;
        this.tickets = tickets;
        this.tokens = tokens;
        this.clock = clock;
        this.apiKeys = new ApiKeys(config.apiKeys().orElse(List.of()));
        this.rule = thresholds(config.threshold());
        this.limiter = new RateLimiter(config.rateLimit().burst(), config.rateLimit().refillEvery(),
                config.rateLimit().maxTracked());
        checkSettings(config);
    }

    void start(@Observes StartupEvent event) {
        if (apiKeys.isEmpty()) {
            LOG.warn("no ghostline.moderation.api-keys configured: /v1/revocations and /v1/stats refuse everyone");
        }
        try {
            desk();
            LOG.infof("moderation ready: window %s, thresholds %s", config.window(), describe(rule));
        } catch (StoreUnavailableException e) {
            LOG.warn("NATS not reachable at startup; the stream and buckets will be set up on first use");
        }
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** The desk, once the stream and buckets exist. */
    public ReportDesk desk() {
        ReportDesk ready = desk;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (desk == null) {
                desk = setUp();
            }
            return desk;
        }
    }

    private ReportDesk setUp() {
        try {
            ModerationStreamSetup.ensure(connection, natsConfig.streamReplicas());
            ModerationBuckets.ensure(connection, config.window(), config.reportMemory(), natsConfig.streamReplicas());
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw new StoreUnavailableException(e);
        }
        return new ReportDesk(tickets, tokens, new TallyStore(connection, config.maxTallyAttempts()), publisher,
                limiter, rule, claimFor(config), clock, metrics);
    }

    /**
     * A replica publishing a revocation waits at most {@code publish-timeout} for the stream; twice that covers
     * the claim's own writes, so no other replica publishes meanwhile unless this one died.
     */
    static Duration claimFor(ModerationConfig config) {
        return config.publishTimeout().multipliedBy(2);
    }

    static ThresholdRule thresholds(ModerationConfig.Thresholds config) {
        Map<ReportReason, Integer> byReason = new EnumMap<>(ReportReason.class);
        byReason.put(ReportReason.HARASSMENT, config.harassment());
        byReason.put(ReportReason.HATE, config.hate());
        byReason.put(ReportReason.SEXUAL_CONTENT, config.sexualContent());
        byReason.put(ReportReason.MINOR_SAFETY, config.minorSafety());
        byReason.put(ReportReason.VIOLENCE, config.violence());
        byReason.put(ReportReason.SPAM, config.spam());
        return new ThresholdRule(byReason);
    }

    static void checkSettings(ModerationConfig config) {
        if (config.window().isNegative() || config.window().isZero()) {
            throw new IllegalArgumentException("ghostline.moderation.window must be positive");
        }
        if (config.reportMemory().compareTo(config.window()) < 0) {
            throw new IllegalArgumentException("ghostline.moderation.report-memory must be at least the window");
        }
        if (config.publishTimeout().isNegative() || config.publishTimeout().isZero()) {
            throw new IllegalArgumentException("ghostline.moderation.publish-timeout must be positive");
        }
        // The claim is a key in the tallies bucket, whose TTL is the window: a claim the bucket dropped before its
        // deadline would let a second replica publish while the first still does.
        if (claimFor(config).compareTo(config.window()) >= 0) {
            throw new IllegalArgumentException("ghostline.moderation.publish-timeout must be under half the window");
        }
    }

    private static String describe(ThresholdRule rule) {
        StringBuilder out = new StringBuilder();
        for (ReportReason reason : ReportReason.values()) {
            out.append(out.length() == 0 ? "" : ", ").append(reason.code()).append('=').append(rule.threshold(reason));
        }
        return out.toString();
    }
}
