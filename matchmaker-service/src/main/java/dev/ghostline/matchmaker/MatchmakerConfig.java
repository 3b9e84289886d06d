package dev.ghostline.matchmaker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Matchmaker settings. Environment form: upper case, dots and dashes to underscores, e.g.
 * {@code GHOSTLINE_MATCHMAKER_RELAX_AFTER=3s}.
 */
@ConfigMapping(prefix = "ghostline.matchmaker")
public interface MatchmakerConfig {

    /**
     * How often the pool is re-examined without new traffic: waiters whose {@code relax-after} has just passed
     * are paired, entries past {@code entry-ttl} are dropped. Also bounds how late a relaxed pairing can be.
     */
    @WithDefault("250ms")
    Duration tickInterval();

    /**
     * How long a waiter with interests holds out for someone sharing one. After that (and at once for a waiter
     * without interests) any stranger from the lobby who also accepts strangers will do.
     */
    @WithDefault("5s")
    Duration relaxAfter();

    /**
     * Waits and room seats their pod has not refreshed for this long are dropped; paired and cancelled joins
     * are remembered this long so late refreshes are ignored. Keep it well above the pods'
     * {@code refresh-interval}, so one lost refresh does not drop a waiter.
     */
    @WithDefault("10s")
    Duration entryTtl();

    /** Lifetime of the sealed match ticket both parties receive. At most 24h (the protocol's limit). */
    @WithDefault("2h")
    Duration ticketTtl();

    /** Which instance matches when several run. */
    LeaderElection leaderElection();

    /** What is remembered about sessions moderation revoked. */
    Revocations revocations();

    /** How this instance decides whether it is the one that matches. */
    enum ElectionMode {
        /** This instance always leads: one replica, local runs, tests. */
        STATIC,
        /** Instances compete for a Kubernetes Lease; its holder leads, the others stand by. */
        KUBERNETES
    }

    interface LeaderElection {
        /** {@code static} (this instance always leads) or {@code kubernetes} (the holder of a Lease leads). */
        @WithDefault("static")
        ElectionMode mode();

        /** Name of the Lease the instances compete for (kubernetes mode). */
        @WithDefault("ghostline-matchmaker")
        String leaseName();

        /**
         * Namespace of the Lease (kubernetes mode). Unset: env {@code POD_NAMESPACE}, else the service account's
         * namespace that the Kubernetes client reads in a pod.
         */
        Optional<String> namespace();

        /**
         * This instance's name in the Lease, unique per instance (kubernetes mode). Unset: env {@code POD_NAME},
         * else env {@code HOSTNAME} (both the pod name).
         */
        Optional<String> identity();

        /**
         * How long a Lease not renewed stays with its holder (kubernetes mode): after a crash, the standby takes
         * over within about this plus one jittered retry. Must exceed {@code renew-deadline}.
         */
        @WithDefault("15s")
        Duration leaseDuration();

        /**
         * How long the leader keeps trying to renew before it stops matching (kubernetes mode). Must exceed
         * 2.2 × {@code retry-period}, as retries are jittered by up to 120%.
         */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often the leader renews and a standby tries to acquire (kubernetes mode). */
        @WithDefault("2s")
        Duration retryPeriod();

        /**
         * How long this instance's NATS connection must stay down before it leaves the election (kubernetes
         * mode); a leader releases the Lease then. It rejoins as soon as it is connected again. {@code 0s} leaves
         * at the first check (every 500 ms) that finds the connection down.
         *
         * <p>The default, 5 s, outlasts a reconnect: when a NATS server restarts or moves its clients away in
         * lame duck mode, jnats tries the servers of its list in turn at once (it waits {@code reconnect-wait},
         * 1 s here, only before each further round over the list), well under a second. It is also about what a
         * handover costs before the standby leads (the released second plus a jittered retry, up to 5.4 s by
         * default), so waiting that long before handing over loses at most about twice the matching time that the
         * best choice in hindsight (stay, or hand over at once) would.
         * And it is well under {@code renew-deadline} (10 s): a leader cut off from NATS, which matches nobody,
         * hands over sooner than one cut off from the API server, and far sooner than a crashed one.
         */
        @WithDefault("5s")
        Duration natsOutageGrace();
    }

    interface Revocations {
        /**
         * How many revoked sessions are remembered at most, each for three {@code entry-ttl}s so late refreshes
         * are refused; beyond it the oldest revocation is forgotten first. About 100 bytes each.
         */
        @WithDefault("100000")
        int capacity();
    }
}
