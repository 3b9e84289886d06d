package dev.ghostline.matchmaker.leader;

import dev.ghostline.matchmaker.MatchmakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Which Lease the matchmakers compete for, under which name this one competes, and the election's timing,
 * with the pod's defaults already filled in.
 */
public record LeaseSettings(String namespace, String name, String identity, Duration leaseDuration,
                            Duration renewDeadline, Duration retryPeriod) {
    private static final String PREFIX = "ghostline.matchmaker.leader-election.";
    /** fabric8 jitters every retry by up to this factor of the retry period. */
    private static final double MAX_JITTER = 1.2;

    public LeaseSettings {
        requireText("namespace", namespace);
        requireText("lease-name", name);
        requireText("identity", identity);
        checkTiming(leaseDuration, renewDeadline, retryPeriod);
    }

    /**
     * The configured settings; an unset namespace comes from env {@code POD_NAMESPACE}, else from
     * {@code clientNamespace} (the service account's, as the Kubernetes client read it), an unset identity from
     * env {@code POD_NAME} (downward API), else env {@code HOSTNAME}, which Kubernetes sets to the pod name.
     */
    public static LeaseSettings resolve(MatchmakerConfig.LeaderElection config, Map<String, String> env,
                                        String clientNamespace) {
        String namespace = config.namespace()
                .or(() -> nonBlank(env.get("POD_NAMESPACE")))
                .or(() -> nonBlank(clientNamespace))
                .orElse(null);
        String identity = config.identity()
                .or(() -> nonBlank(env.get("POD_NAME")))
                .or(() -> nonBlank(env.get("HOSTNAME")))
                .orElse(null);
        return new LeaseSettings(namespace, config.leaseName(), identity, config.leaseDuration(),
                config.renewDeadline(), config.retryPeriod());
    }

    /** The rules fabric8's elector enforces, checked up front so a bad setting names its key. */
    public static void checkTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        requirePositive("lease-duration", leaseDuration);
        requirePositive("renew-deadline", renewDeadline);
        requirePositive("retry-period", retryPeriod);
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException(PREFIX + "lease-duration must be greater than renew-deadline");
        }
        long retryMillis = retryPeriod.toMillis();
        if (renewDeadline.toMillis() <= retryMillis + (long) Math.ceil(retryMillis * MAX_JITTER)) {
            throw new IllegalArgumentException(PREFIX + "renew-deadline must be greater than 2.2 × retry-period");
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + key + " must be positive");
        }
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PREFIX + key + " is not set and has no default here");
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
