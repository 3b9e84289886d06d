package dev.ghostline.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Renders one run as Markdown: machine, parameters, a table per scenario, ratios, goal verdicts, profile. */
public final class Report {
    private static final List<String> SYSTEMS = List.of(Goals.ONE_POD, Goals.TWO_PODS, Goals.PEERJS, Goals.BARE);

    private final String title;
    private final Map<String, String> machine;
    private final Map<String, String> params;
    private final List<Result> results;
    private final double enginePairsPerSecond;
    private final Goals goals;
    private final String profile;
    private final String findings;

    public Report(String title, Map<String, String> machine, Map<String, String> params, List<Result> results,
                  double enginePairsPerSecond, String profile, String findings) {
        this.title = title;
        this.machine = machine;
        this.params = params;
        this.results = List.copyOf(results);
        this.enginePairsPerSecond = enginePairsPerSecond;
        this.goals = new Goals(this.results, enginePairsPerSecond);
        this.profile = profile;
        this.findings = findings;
    }

    public String render() {
        StringBuilder out = new StringBuilder("# Ghostline bench, " + title + "\n\n");
        section(out, "Machine", machine);
        section(out, "Parameters", params);
        relay(out);
        paced(out);
        churn(out);
        idle(out);
        engine(out);
        goals(out);
        if (!profile.isBlank()) {
            out.append("## Profile\n\n").append(profile.strip()).append("\n\n");
        }
        if (!findings.isBlank()) {
            out.append(findings.strip()).append("\n");
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String heading, Map<String, String> entries) {
        out.append("## ").append(heading).append("\n\n");
        entries.forEach((name, value) -> out.append("- ").append(name).append(": ").append(value).append('\n'));
        out.append('\n');
    }

    private void relay(StringBuilder out) {
        table(out, "Relay", "relay", new String[] {"pairs", "window", "signals/s", "p50 ms", "p99 ms", "p99.9 ms",
            "errors", "server CPU %", "server CPU µs/signal"}, r -> new String[] {r.get("pairs"), r.get("window"),
                num(r, "signals_per_s"), num(r, "p50_ms"), num(r, "p99_ms"), num(r, "p999_ms"), r.get("errors"),
                num(r, "server_cpu_pct"), num(r, "server_cpu_us_per_signal")});
        StringBuilder ratios = new StringBuilder();
        for (String system : List.of(Goals.ONE_POD, Goals.TWO_PODS)) {
            if (goals.figure(system, "relay", "signals_per_s").isEmpty()) {
                continue;
            }
            ratios.append("| ").append(system).append(" | ")
                    .append(times(goals.ratio(system, Goals.PEERJS, "relay", "signals_per_s"))).append(" | ")
                    .append(times(goals.ratio(system, Goals.PEERJS, "relay", "p99_ms"))).append(" | ")
                    .append(times(goals.ratio(system, Goals.BARE, "relay", "signals_per_s"))).append(" | ")
                    .append(times(goals.ratio(system, Goals.BARE, "relay", "p99_ms"))).append(" |\n");
        }
        if (ratios.length() > 0) {
            out.append("| relay ratios | signals/s vs PeerJS | p99 vs PeerJS | signals/s vs bare relay | p99 vs bare relay |\n")
                    .append("|---|---:|---:|---:|---:|\n").append(ratios).append('\n');
        }
    }

    private void paced(StringBuilder out) {
        table(out, "Relay latency at a fixed load", "paced", new String[] {"pairs", "offered signals/s",
            "delivered signals/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "server CPU %",
            "server CPU µs/signal"}, r -> new String[] {r.get("pairs"), num(r, "offered_per_s"),
                num(r, "signals_per_s"), num(r, "p50_ms"), num(r, "p99_ms"), num(r, "p999_ms"), num(r, "max_ms"),
                r.get("errors"), num(r, "server_cpu_pct"), num(r, "server_cpu_us_per_signal")});
        if (goals.figure(Goals.ONE_POD, "paced", "p99_ms").isPresent()) {
            out.append("p99 at this load vs PeerJS's: one pod ")
                    .append(times(goals.ratio(Goals.ONE_POD, Goals.PEERJS, "paced", "p99_ms")))
                    .append(", two pods ").append(times(goals.ratio(Goals.TWO_PODS, Goals.PEERJS, "paced", "p99_ms")))
                    .append(".\n\n");
        }
    }

    private void churn(StringBuilder out) {
        table(out, "Churn", "churn", new String[] {"target joins/s", "joins/s", "matches/s", "time-to-match p50 ms",
            "p99 ms", "max ms", "errors", "server CPU %"}, r -> new String[] {r.get("target_joins_per_s"),
                num(r, "joins_per_s"), num(r, "matches_per_s"), num(r, "ttm_p50_ms"), num(r, "ttm_p99_ms"),
                num(r, "ttm_max_ms"), r.get("errors"), num(r, "server_cpu_pct")});
        StringBuilder knees = new StringBuilder();
        for (String system : List.of(Goals.ONE_POD, Goals.TWO_PODS)) {
            if (goals.figure(system, "churn", "joins_per_s").isPresent()) {
                knees.append(knees.length() == 0 ? "" : "; ").append(system).append(' ')
                        .append(goals.highestChurnRateWithinGoal(system)
                                .map(r -> String.format(Locale.ROOT, "%,.0f joins/s", r))
                                .orElse("none of the rates measured"));
            }
        }
        if (knees.length() > 0) {
            out.append("Highest rate measured with time-to-match p99 ≤ 10 ms and the rate sustained: ")
                    .append(knees).append(".\n\n");
        }
    }

    private void idle(StringBuilder out) {
        table(out, "Idle", "idle", new String[] {"sessions", "RSS before MiB", "RSS after MiB", "KiB/session",
            "server CPU %", "errors"}, r -> new String[] {r.get("sessions"), num(r, "rss_base_mib"), num(r, "rss_mib"),
                num(r, "kib_per_session"), num(r, "server_cpu_pct"), r.get("errors")});
        if (goals.figure(Goals.ONE_POD, "idle", "kib_per_session").isPresent()) {
            out.append("Memory per session, one pod: ")
                    .append(times(goals.ratio(Goals.ONE_POD, Goals.PEERJS, "idle", "kib_per_session")))
                    .append(" PeerJS's, ")
                    .append(times(goals.ratio(Goals.ONE_POD, Goals.BARE, "idle", "kib_per_session")))
                    .append(" the bare relay's.\n\n");
        }
    }

    private void engine(StringBuilder out) {
        out.append("## Matching engine (JMH)\n\n");
        out.append(Double.isNaN(enginePairsPerSecond) ? "not measured"
                : Goals.format(enginePairsPerSecond, " pairs/s") + " (random mode, one lobby, 1-3 interests from 2,000)");
        out.append("\n\n");
    }

    private void goals(StringBuilder out) {
        out.append("## Goals\n\n| goal | target | measured | verdict | margin |\n|---|---|---|---|---|\n");
        for (Goals.Verdict verdict : goals.judge()) {
            String met = verdict.met() == null ? "not measured" : verdict.met() ? "met" : "**missed**";
            out.append("| ").append(verdict.goal()).append(" | ").append(verdict.target()).append(" | ")
                    .append(verdict.measured()).append(" | ").append(met).append(" | ").append(verdict.margin())
                    .append(" |\n");
        }
        out.append('\n');
    }

    private void table(StringBuilder out, String heading, String scenario, String[] columns,
                       Function<Result, String[]> row) {
        List<Result> rows = SYSTEMS.stream()
                .flatMap(system -> results.stream().filter(r -> r.system().equals(system) && r.scenario().equals(scenario)))
                .toList();
        out.append("## ").append(heading).append("\n\n");
        if (rows.isEmpty()) {
            out.append("not measured\n\n");
            return;
        }
        out.append("| system | ").append(String.join(" | ", columns)).append(" |\n|---|");
        out.append("---:|".repeat(columns.length)).append('\n');
        for (Result result : rows) {
            out.append("| ").append(result.system()).append(" | ");
            for (String cell : row.apply(result)) {
                out.append(cell == null ? "—" : cell).append(" | ");
            }
            out.setLength(out.length() - 1);
            out.append('\n');
        }
        out.append('\n');
    }

    private static String num(Result result, String name) {
        double value = result.number(name);
        return Double.isNaN(value) ? "—" : Goals.format(value, "");
    }

    private static String times(Optional<Double> ratio) {
        return ratio.map(r -> String.format(Locale.ROOT, "%.2f×", r)).orElse("—");
    }
}
