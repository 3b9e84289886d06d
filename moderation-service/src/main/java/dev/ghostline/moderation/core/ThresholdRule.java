package dev.ghostline.moderation.core;

import dev.ghostline.protocol.moderation.ReportReason;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When distinct reports add up to a revocation. Each reason has a threshold (fewer reporters for severe
 * reasons). A report counts towards its own reason's threshold and every higher one, never a lower one: two
 * {@code minor-safety} reports reach a threshold of 2, but one {@code minor-safety} and one {@code spam} report
 * reach neither 2 nor 3, while one {@code minor-safety} and two {@code spam} reports reach 3.
 */
public final class ThresholdRule {
    /**
     * Any threshold is reached by this many reports, so a tally that is read (one key per report) stays small
     * until its revocation is stored.
     */
    public static final int MAX_THRESHOLD = 50;
    private final Map<ReportReason, Integer> thresholds;

    public ThresholdRule(Map<ReportReason, Integer> thresholds) {
        EnumMap<ReportReason, Integer> copy = new EnumMap<>(ReportReason.class);
        for (ReportReason reason : ReportReason.values()) {
            Integer threshold = thresholds.get(reason);
            if (threshold == null || threshold < 1 || threshold > MAX_THRESHOLD) {
                throw new IllegalArgumentException("ghostline.moderation.threshold." + reason.code()
                        + " must be between 1 and " + MAX_THRESHOLD);
            }
            copy.put(reason, threshold);
        }
        this.thresholds = copy;
    }

    public int threshold(ReportReason reason) {
        return thresholds.get(reason);
    }

    /**
     * The reason to revoke for, if the given reports (one per reporting network) reach a threshold: the reason
     * of the most severe report that completes one.
     */
    public Optional<ReportReason> decide(Collection<ReportReason> reasons) {
        List<ReportReason> mostSevereFirst = reasons.stream()
                .sorted(Comparator.comparingInt(this::threshold)).toList();
        for (int i = 0; i < mostSevereFirst.size(); i++) {
            // The i+1 most severe reports all count towards reason i's threshold (equal ones too).
            if (i + 1 >= threshold(mostSevereFirst.get(i))) {
                return Optional.of(mostSevereFirst.get(i));
            }
        }
        return Optional.empty();
    }
}
