package dev.ghostline.matchmaker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
