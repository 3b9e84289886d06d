package dev.ghostline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The goals, judged against one run's results. A goal without its figures is "not measured". */
public final class Goals {
    public static final String ONE_POD = "ghostline-1pod";
    public static final String TWO_PODS = "ghostline-2pods";
    public static final String PEERJS = "peerjs";
    public static final String BARE = "bare-relay";
    /** The join rate the churn goal is stated at. */
    static final int CHURN_GOAL_RATE = 1000;
    static final double CHURN_GOAL_P99_MS = 10.0;

    /** One goal: what was asked, what was measured, and whether it was met (null: not measured). */
    public record Verdict(String goal, String target, String measured, Boolean met, String margin) {
    }

    private final List<Result> results;
    private final double enginePairsPerSecond;

    public Goals(List<Result> results, double enginePairsPerSecond) {
        this.results = List.copyOf(results);
        this.enginePairsPerSecond = enginePairsPerSecond;
    }

    public List<Verdict> judge() {
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(atLeast("relay, one pod: signals/s vs PeerJS", 3.0,
                ratio(ONE_POD, PEERJS, "relay", "signals_per_s"), "×"));
        verdicts.add(atMost("relay, one pod: p99 vs PeerJS's p99", 1.0,
                ratio(ONE_POD, PEERJS, "relay", "p99_ms"), "×"));
        verdicts.add(atLeast("relay, one pod: signals/s vs bare relay", 0.7,
                ratio(ONE_POD, BARE, "relay", "signals_per_s"), "×"));
        verdicts.add(atLeast("relay, two pods: signals/s vs bare relay", 0.5,
                ratio(TWO_PODS, BARE, "relay", "signals_per_s"), "×"));
        // At saturation p99 is the cost of the window in flight (Little's law), not the path's own delay: the
        // two-pod latency goal is judged at the fixed load of the paced run.
        verdicts.add(atMost("relay, two pods: p99 at a fixed " + pacedRate(), 5.0,
                figure(TWO_PODS, "paced", "p99_ms"), " ms"));
        for (String system : List.of(ONE_POD, TWO_PODS)) {
            verdicts.add(churn(system));
        }
        verdicts.add(atLeast("idle: sessions held on one pod", 50_000, figure(ONE_POD, "idle", "sessions"), ""));
        verdicts.add(atMost("idle: resident memory per session", 20.0, figure(ONE_POD, "idle", "kib_per_session"), " KiB"));
        verdicts.add(atLeast("matching engine (JMH): pairs/s with interests", 200_000,
                Double.isNaN(enginePairsPerSecond) ? Optional.empty() : Optional.of(enginePairsPerSecond), ""));
        return verdicts;
    }

    private String pacedRate() {
        return figure(TWO_PODS, "paced", "offered_per_s").map(rate -> format(rate, " signals/s")).orElse("load");
    }

    private Verdict churn(String system) {
        String goal = "churn, " + (system.equals(ONE_POD) ? "one pod" : "two pods") + ": time-to-match p99 at 1,000 joins/s";
        Optional<Result> atGoalRate = churnAt(system, CHURN_GOAL_RATE);
        Optional<Double> p99 = atGoalRate.map(r -> r.number("ttm_p99_ms"));
        Optional<Double> joins = atGoalRate.map(r -> r.number("joins_per_s"));
        Verdict verdict = atMost(goal, CHURN_GOAL_P99_MS, p99, " ms");
        if (joins.isPresent() && joins.get() < 0.95 * CHURN_GOAL_RATE && verdict.met() != null) {
            return new Verdict(goal, verdict.target(), verdict.measured() + " at " + format(joins.get(), " joins/s"), false,
                    "only " + format(joins.get(), "") + " joins/s sustained, below the 1,000 asked");
        }
        return verdict;
    }

    /** The churn run at the given target rate (the last one, if the run was repeated). */
    Optional<Result> churnAt(String system, int targetJoinsPerSecond) {
        return results.stream()
                .filter(r -> r.system().equals(system) && r.scenario().equals("churn")
                        && r.number("target_joins_per_s") == targetJoinsPerSecond)
                .reduce((first, second) -> second);
    }

    /**
     * The highest target rate at which the churn kept up (≥ 95% of it sustained) with time-to-match p99 within
     * the goal: where one setup's knee is, when the goal's own rate is past it.
     */
    Optional<Double> highestChurnRateWithinGoal(String system) {
        return results.stream()
                .filter(r -> r.system().equals(system) && r.scenario().equals("churn"))
                .filter(r -> r.number("ttm_p99_ms") <= CHURN_GOAL_P99_MS
                        && r.number("joins_per_s") >= 0.95 * r.number("target_joins_per_s"))
                .map(r -> r.number("target_joins_per_s"))
                .max(Double::compare);
    }

    Optional<Double> figure(String system, String scenario, String name) {
        return results.stream()
                .filter(r -> r.system().equals(system) && r.scenario().equals(scenario))
                .map(r -> r.number(name))
                .filter(v -> !Double.isNaN(v))
                .reduce((first, second) -> second);
    }

    Optional<Double> ratio(String system, String baseline, String scenario, String name) {
        Optional<Double> mine = figure(system, scenario, name);
        Optional<Double> theirs = figure(baseline, scenario, name);
        if (mine.isEmpty() || theirs.isEmpty() || theirs.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(mine.get() / theirs.get());
    }

    static Verdict atLeast(String goal, double target, Optional<Double> measured, String unit) {
        String wanted = "≥ " + format(target, unit);
        if (measured.isEmpty()) {
            return new Verdict(goal, wanted, "—", null, "not measured");
        }
        double value = measured.get();
        boolean met = value >= target;
        String margin = met ? String.format(Locale.ROOT, "%.0f%% above", 100 * (value / target - 1))
                : String.format(Locale.ROOT, "missed by %.0f%%", 100 * (1 - value / target));
        return new Verdict(goal, wanted, format(value, unit), met, margin);
    }

    static Verdict atMost(String goal, double target, Optional<Double> measured, String unit) {
        String wanted = "≤ " + format(target, unit);
        if (measured.isEmpty()) {
            return new Verdict(goal, wanted, "—", null, "not measured");
        }
        double value = measured.get();
        boolean met = value <= target;
        String margin = met ? String.format(Locale.ROOT, "%.0f%% below the limit", 100 * (1 - value / target))
                : String.format(Locale.ROOT, "over by %.0f%%", 100 * (value / target - 1));
        return new Verdict(goal, wanted, format(value, unit), met, margin);
    }

    static String format(double value, String unit) {
        String number;
        if (Math.abs(value) >= 1000) {
            number = String.format(Locale.ROOT, "%,.0f", value);
        } else if (Math.abs(value) >= 10) {
            number = String.format(Locale.ROOT, "%.1f", value);
        } else {
            number = String.format(Locale.ROOT, "%.2f", value);
        }
        return number + unit;
    }
}
