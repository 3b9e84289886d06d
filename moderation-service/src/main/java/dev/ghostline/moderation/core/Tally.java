package dev.ghostline.moderation.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ghostline.protocol.moderation.ReportReason;
import java.util.List;
import java.util.Optional;

/**
 * What the shared store holds about one reported session, and the pure decision it leads to: the reasons of its
 * distinct reporting networks inside the window (each report is a key of its own, which NATS drops when the window
 * has passed) and the state of its revocation.
 *
 * @param reasons       one per reporting network inside the window
 * @param claim         the revocation's state; {@code null} when nobody has claimed it
 * @param claimRevision the store revision of {@code claim}, 0 when there is none: the next claim writes only if
 *                      the revision is still this one (compare-and-set)
 */
public record Tally(List<ReportReason> reasons, Claim claim, long claimRevision) {
    public static final Tally EMPTY = new Tally(List.of(), null, 0);

    public Tally {
        reasons = List.copyOf(reasons);
    }

    /**
     * A revocation's state. While a replica publishes it, the claim holds until a deadline, so that exactly one
     * replica publishes; if that replica fails or dies the deadline passes and the next report claims it again.
     * Once the stream has stored the revocation the claim is {@code done}.
     *
     * @param done        the revocation is stored in the stream
     * @param untilMillis while not done: when the claim lapses (epoch ms)
     */
    public record Claim(@JsonProperty("done") boolean done, @JsonProperty("until") long untilMillis) {
        public static final Claim DONE = new Claim(true, 0);

        public static Claim until(long untilMillis) {
            return new Claim(false, untilMillis);
        }

        /** True while a replica is publishing the revocation and its claim has not lapsed. */
        public boolean heldAt(long nowMillis) {
            return !done && untilMillis > nowMillis;
        }
    }

    /** What to do next about the session's revocation. */
    public enum Step {
        /** No threshold reached: nothing to publish. */
        BELOW_THRESHOLD,
        /** Another replica is publishing the revocation right now. */
        IN_PROGRESS,
        /** The revocation is stored already. */
        REVOKED,
        /** A threshold is reached and nobody holds the revocation: claim it and publish. */
        CLAIM
    }

    /** @param reason what to revoke for, when {@code step} is {@link Step#CLAIM} */
    public record Decision(Step step, Optional<ReportReason> reason) {
        static final Decision BELOW = new Decision(Step.BELOW_THRESHOLD, Optional.empty());
        static final Decision IN_PROGRESS = new Decision(Step.IN_PROGRESS, Optional.empty());
        static final Decision ALREADY_REVOKED = new Decision(Step.REVOKED, Optional.empty());

        public static Decision claim(ReportReason reason) {
            return new Decision(Step.CLAIM, Optional.of(reason));
        }
    }

    public boolean revoked() {
        return claim != null && claim.done();
    }

    /**
     * A threshold reached with nobody publishing means "claim it": also when the reports were counted by
     * earlier requests, so a reporter's retry after a failed publication completes the revocation.
     */
    public Decision decide(long nowMillis, ThresholdRule rule) {
        if (revoked()) {
            return Decision.ALREADY_REVOKED;
        }
        Optional<ReportReason> revokeFor = rule.decide(reasons);
        if (revokeFor.isEmpty()) {
            return Decision.BELOW;
        }
        if (claim != null && claim.heldAt(nowMillis)) {
            return Decision.IN_PROGRESS;
        }
        return Decision.claim(revokeFor.get());
    }
}
