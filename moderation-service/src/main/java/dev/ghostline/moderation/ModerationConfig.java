package dev.ghostline.moderation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Moderation settings. Environment form: upper case, dots and dashes to underscores, e.g.
 * {@code GHOSTLINE_MODERATION_API_KEYS=key1,key2} or {@code GHOSTLINE_MODERATION_THRESHOLD_HATE=2}.
 */
@ConfigMapping(prefix = "ghostline.moderation")
public interface ModerationConfig {

    /**
     * Keys that may call {@code POST /v1/revocations} and {@code GET /v1/stats} (header
     * {@code Authorization: Bearer <key>}), each at least 32 characters. Give them through the environment or a
     * Kubernetes Secret. None configured: those endpoints answer 403 to everyone.
     */
    Optional<List<String>> apiKeys();

    /**
     * Exact origins of the web client allowed to call {@code /v1/reports} and {@code /v1/reasons} from a
     * browser (CORS). No other path answers cross-origin requests.
     */
    @WithDefault("http://localhost:8080,http://127.0.0.1:8080")
    List<String> allowedOrigins();

    /**
     * Reports older than this no longer count towards a session's tally (sliding window). Each report is kept
     * in NATS exactly this long, then the server drops it.
     */
    @WithDefault("10m")
    Duration window();

    /**
     * How long the service remembers that a reporter already reported a match. Keep it at least the
     * matchmaker's {@code ticket-ttl}: a ticket can be used that long.
     */
    @WithDefault("2h")
    Duration reportMemory();

    /** Largest request body accepted; larger ones get 413 {@code body-too-large}. */
    @WithDefault("4096")
    int maxBodyBytes();

    /**
     * Claims of a revocation that lose a compare-and-set race to another replica are read again and retried up
     * to this many times, then 503.
     */
    @WithDefault("32")
    int maxTallyAttempts();

    /**
     * How long a request waits for the revocation to be stored in the stream before it answers 503. A replica
     * holds its claim to publish for twice this, which must be shorter than the window.
     */
    @WithDefault("5s")
    Duration publishTimeout();

    /**
     * Distinct reporters needed to revoke a session, per reason (1 to 50). A distinct reporter is a distinct
     * network (the reporter's IPv4 address or IPv6 /64, as sealed in the match ticket), not a session.
     */
    Thresholds threshold();

    /** Reports each reporter session may send. */
    RateLimit rateLimit();

    /**
     * Distinct reporting networks inside the window needed per reason. A report counts towards its own reason's
     * threshold and every higher one (see README, "Thresholds").
     */
    interface Thresholds {
        /** Reporting networks needed for {@code harassment}. */
        @WithDefault("3")
        int harassment();

        /** Reporting networks needed for {@code hate}. */
        @WithDefault("3")
        int hate();

        /** Reporting networks needed for {@code sexual-content}. */
        @WithDefault("2")
        int sexualContent();

        /** Reporting networks needed for {@code minor-safety}. */
        @WithDefault("2")
        int minorSafety();

        /** Reporting networks needed for {@code violence}. */
        @WithDefault("3")
        int violence();

        /** Reporting networks needed for {@code spam}. */
        @WithDefault("3")
        int spam();
    }

    /** A token bucket per reporter session, in each replica's memory. */
    interface RateLimit {
        /** Reports a session may send at once. */
        @WithDefault("5")
        int burst();

        /** One more report is allowed after each interval, up to {@code burst}. */
        @WithDefault("1m")
        Duration refillEvery();

        /** Buckets kept at most; above it the fullest ones are forgotten first (they would allow anyway). */
        @WithDefault("100000")
        int maxTracked();
    }
}
