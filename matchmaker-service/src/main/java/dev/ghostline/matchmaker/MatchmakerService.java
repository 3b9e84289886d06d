package dev.ghostline.matchmaker;

import dev.ghostline.matchmaker.leader.KubernetesLeaderElection;
import dev.ghostline.matchmaker.leader.LeaderElection;
import dev.ghostline.matchmaker.leader.Leadership;
import dev.ghostline.matchmaker.leader.LeaseSettings;
import dev.ghostline.matchmaker.leader.OutageGrace;
import dev.ghostline.matchmaker.leader.RenewalFence;
import dev.ghostline.matchmaker.nats.MatchAnnouncer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.Connection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Runs the {@link Matchmaker} for the application's lifetime and decides, through the configured election,
 * when it leads. At shutdown the election is closed first, which releases a Kubernetes Lease at once.
 */
@ApplicationScoped
public class MatchmakerService {
    private static final Logger LOG = Logger.getLogger(MatchmakerService.class);
    private static final Duration MAX_TICKET_TTL = Duration.ofHours(24);

    private final MatchmakerConfig config;
    private final Connection connection;
    /** Kubernetes mode only: closes when the Lease was not renewed in time. */
    private final RenewalFence fence;
    private final Matchmaker matchmaker;
    private final Leadership leadership;
    private volatile LeaderElection election;
    private KubernetesClient kubernetes;

    MatchmakerService(Connection connection, MatchAnnouncer announcer, MatchmakerMetrics metrics,
                      MatchmakerConfig config, Clock clock) {
        checkSettings(config);
        this.config = config;
        this.connection = connection;
        if (config.leaderElection().mode() == MatchmakerConfig.ElectionMode.KUBERNETES) {
            this.fence = new RenewalFence(config.leaderElection().renewDeadline(), System::nanoTime);
            this.matchmaker = new Matchmaker(connection, announcer, metrics, config, clock, fence::isOpen);
        } else {
            this.fence = null;
            this.matchmaker = new Matchmaker(connection, announcer, metrics, config, clock);
        }
        this.leadership = new Leadership(matchmaker);
    }

    void start(@Observes StartupEvent event) {
        matchmaker.start();
        election = createElection();
        LOG.infof("matchmaker started: election %s, tick %s, relax after %s, entry ttl %s, ticket ttl %s",
                config.leaderElection().mode().name().toLowerCase(), config.tickInterval(), config.relaxAfter(),
                config.entryTtl(), config.ticketTtl());
        election.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (election != null) {
            election.close();
        }
        matchmaker.close();
        if (kubernetes != null) {
            kubernetes.close();
        }
    }

    /** Leader, standby, or stopped: for health and diagnostics. */
    public Leadership.Role role() {
        return leadership.role();
    }

    /** How many times this instance became leader: for tests and diagnostics. */
    long leaderTerms() {
        return leadership.terms();
    }

    /** Milliseconds since the election last tried to acquire or renew the Lease; empty in static mode. */
    public OptionalLong electionActivityAgeMillis() {
        LeaderElection current = election;
        return current == null ? OptionalLong.empty() : current.lastActivityAgeMillis();
    }

    private LeaderElection createElection() {
        MatchmakerConfig.LeaderElection settings = config.leaderElection();
        if (settings.mode() == MatchmakerConfig.ElectionMode.STATIC) {
            return LeaderElection.fixed(leadership);
        }
        // In a pod the client configures itself from the service account; outside one, from ~/.kube/config.
        kubernetes = KubernetesLeaderElection.clientFor(settings.leaseDuration(), settings.renewDeadline(),
                settings.retryPeriod());
        LeaseSettings lease = LeaseSettings.resolve(settings, System.getenv(), kubernetes.getNamespace());
        // Only an instance that can reach NATS competes: a leader that cannot would hold the Lease and match nobody.
        // A blip shorter than the grace (a reconnect) keeps the Lease where it is.
        OutageGrace nats = new OutageGrace(settings.natsOutageGrace(),
                () -> connection.getStatus() == Connection.Status.CONNECTED, System::nanoTime);
        return new KubernetesLeaderElection(kubernetes, lease, leadership, fence, nats::mayCompete);
    }

    static void checkSettings(MatchmakerConfig config) {
        requirePositive("tick-interval", config.tickInterval());
        requirePositive("entry-ttl", config.entryTtl());
        requirePositive("ticket-ttl", config.ticketTtl());
        if (config.relaxAfter().isNegative()) {
            throw new IllegalArgumentException("ghostline.matchmaker.relax-after must not be negative");
        }
        if (config.ticketTtl().compareTo(MAX_TICKET_TTL) > 0) {
            throw new IllegalArgumentException("ghostline.matchmaker.ticket-ttl must be at most 24h");
        }
        if (config.revocations().capacity() <= 0) {
            throw new IllegalArgumentException("ghostline.matchmaker.revocations.capacity must be positive");
        }
        MatchmakerConfig.LeaderElection election = config.leaderElection();
        if (election.mode() == MatchmakerConfig.ElectionMode.KUBERNETES) {
            LeaseSettings.checkTiming(election.leaseDuration(), election.renewDeadline(), election.retryPeriod());
            if (election.natsOutageGrace().isNegative()) {
                throw new IllegalArgumentException(
                        "ghostline.matchmaker.leader-election.nats-outage-grace must not be negative");
            }
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("ghostline.matchmaker." + key + " must be positive");
        }
    }
}
