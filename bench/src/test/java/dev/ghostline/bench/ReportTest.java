package dev.ghostline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Result relay(String system, double signals, double p99) {
        return new Result(system, "relay").put("pairs", 100).put("window", 4).put("signals_per_s", signals)
                .put("p50_ms", 1.0).put("p99_ms", p99).put("p999_ms", p99 * 2).put("errors", 0)
                .put("server_cpu_pct", 90.0).put("server_cpu_us_per_signal", 15.0);
    }

    private static Result paced(String system, double p99) {
        return new Result(system, "paced").put("pairs", 100).put("offered_per_s", 10_000)
                .put("signals_per_s", 9_990.0).put("p50_ms", 0.5).put("p99_ms", p99).put("p999_ms", p99 * 2)
                .put("max_ms", p99 * 3).put("errors", 0).put("server_cpu_pct", 30.0)
                .put("server_cpu_us_per_signal", 30.0);
    }

    private static Result churn(String system, int target, double joins, double p99) {
        return new Result(system, "churn").put("target_joins_per_s", target).put("joins_per_s", joins)
                .put("ttm_p50_ms", 2.0).put("ttm_p99_ms", p99).put("errors", 0);
    }

    private static List<Result> sample() {
        return List.of(
                relay(Goals.ONE_POD, 60_000, 2.0),
                relay(Goals.TWO_PODS, 30_000, 6.0),
                relay(Goals.PEERJS, 15_000, 4.0),
                relay(Goals.BARE, 100_000, 1.0),
                paced(Goals.ONE_POD, 1.5),
                paced(Goals.TWO_PODS, 6.0),
                paced(Goals.PEERJS, 3.0),
                paced(Goals.BARE, 0.5),
                churn(Goals.ONE_POD, 250, 251.0, 3.0),
                churn(Goals.ONE_POD, 1000, 990.0, 8.0),
                churn(Goals.TWO_PODS, 250, 249.0, 4.0),
                churn(Goals.TWO_PODS, 500, 499.0, 12.0),
                churn(Goals.TWO_PODS, 1000, 700.0, 8.0),
                new Result(Goals.ONE_POD, "idle").put("sessions", 18_000).put("rss_base_mib", 100.0)
                        .put("rss_mib", 400.0).put("kib_per_session", 17.0).put("errors", 0),
                new Result(Goals.PEERJS, "idle").put("sessions", 18_000).put("kib_per_session", 34.0),
                new Result(Goals.BARE, "idle").put("sessions", 18_000).put("kib_per_session", 8.5));
    }

    private static Map<String, Goals.Verdict> verdicts(double enginePairs) {
        Map<String, Goals.Verdict> byGoal = new LinkedHashMap<>();
        new Goals(sample(), enginePairs).judge().forEach(v -> byGoal.put(v.goal(), v));
        return byGoal;
    }

    @Test
    void ratiosAgainstPeerJsAndTheBareRelay() {
        Goals goals = new Goals(sample(), Double.NaN);
        assertThat(goals.ratio(Goals.ONE_POD, Goals.PEERJS, "relay", "signals_per_s")).hasValue(4.0);
        assertThat(goals.ratio(Goals.ONE_POD, Goals.BARE, "relay", "signals_per_s")).hasValue(0.6);
        assertThat(goals.ratio(Goals.ONE_POD, Goals.PEERJS, "churn", "signals_per_s")).isEmpty();
    }

    @Test
    void goalsMetMissedAndUnmeasured() {
        Map<String, Goals.Verdict> v = verdicts(Double.NaN);
        assertThat(v.get("relay, one pod: signals/s vs PeerJS").met()).isTrue();
        assertThat(v.get("relay, one pod: signals/s vs PeerJS").margin()).isEqualTo("33% above");
        assertThat(v.get("relay, one pod: p99 vs PeerJS's p99").met()).isTrue();
        assertThat(v.get("relay, one pod: signals/s vs bare relay").met()).isFalse();
        assertThat(v.get("relay, one pod: signals/s vs bare relay").margin()).isEqualTo("missed by 14%");
        assertThat(v.get("relay, two pods: signals/s vs bare relay").met()).isFalse();
        // Judged at the paced run's fixed load, not at saturation.
        assertThat(v.get("relay, two pods: p99 at a fixed 10,000 signals/s").met()).isFalse();
        assertThat(v.get("relay, two pods: p99 at a fixed 10,000 signals/s").measured()).isEqualTo("6.00 ms");
        assertThat(v.get("relay, two pods: p99 at a fixed 10,000 signals/s").margin()).isEqualTo("over by 20%");
        assertThat(v.get("churn, one pod: time-to-match p99 at 1,000 joins/s").met()).isTrue();
        // A fine p99 does not count when the rate asked for was not reached.
        assertThat(v.get("churn, two pods: time-to-match p99 at 1,000 joins/s").met()).isFalse();
        assertThat(v.get("idle: sessions held on one pod").met()).isFalse();
        assertThat(v.get("idle: resident memory per session").met()).isTrue();
        assertThat(v.get("matching engine (JMH): pairs/s with interests").met()).isNull();
        assertThat(verdicts(250_000).get("matching engine (JMH): pairs/s with interests").met()).isTrue();
    }

    @Test
    void rendersTablesRatiosAndVerdicts() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", "2");
        String markdown = new Report("test", machine, Map.of("mode", "quick"), sample(), 123_456, "profile text",
                "## Findings\n\nsome").render();
        assertThat(markdown)
                .contains("# Ghostline bench, test")
                .contains("- cores: 2")
                .contains("| system | pairs | window | signals/s | p50 ms | p99 ms | p99.9 ms | errors | server CPU % | server CPU µs/signal |")
                .contains("| ghostline-1pod | 100 | 4 | 60,000 | 1.00 | 2.00 | 4.00 | 0 | 90.0 | 15.0 |")
                .contains("| ghostline-1pod | 4.00× | 0.50× | 0.60× | 2.00× |")
                .contains("Memory per session, one pod: 0.50× PeerJS's, 2.00× the bare relay's.")
                .contains("123,456 pairs/s")
                .contains("| relay, two pods: p99 at a fixed 10,000 signals/s | ≤ 5.00 ms | 6.00 ms | **missed** | over by 20% |")
                .contains("| ghostline-2pods | 100 | 10,000 | 9,990 | 0.50 | 6.00 | 12.0 | 18.0 | 0 | 30.0 | 30.0 |")
                .contains("p99 at this load vs PeerJS's: one pod 0.50×, two pods 2.00×.")
                .contains("ghostline-1pod 1,000 joins/s; ghostline-2pods 250 joins/s.")
                .contains("## Profile\n\nprofile text")
                .contains("## Findings");
        // Systems appear in a fixed order whatever order the runs finished in.
        assertThat(markdown.indexOf("| peerjs | 100")).isLessThan(markdown.indexOf("| bare-relay | 100"));
    }

    @Test
    void theChurnGoalIsJudgedAtItsOwnRateAndTheKneeIsTheHighestRateWithinIt() {
        Goals goals = new Goals(sample(), Double.NaN);
        assertThat(goals.churnAt(Goals.TWO_PODS, 1000)).map(r -> r.number("ttm_p99_ms")).hasValue(8.0);
        assertThat(goals.churnAt(Goals.TWO_PODS, 750)).isEmpty();
        // 500 missed the p99 and 1,000 was not sustained, so 250 is the knee.
        assertThat(goals.highestChurnRateWithinGoal(Goals.TWO_PODS)).hasValue(250.0);
        assertThat(goals.highestChurnRateWithinGoal(Goals.ONE_POD)).hasValue(1000.0);
        assertThat(goals.highestChurnRateWithinGoal(Goals.PEERJS)).isEmpty();
    }

    @Test
    void missingScenariosSayNotMeasured() {
        String markdown = new Report("t", Map.of(), Map.of(), List.of(), Double.NaN, "", "").render();
        assertThat(markdown).contains("## Relay\n\nnot measured").contains("## Churn\n\nnot measured")
                .doesNotContain("## Profile");
    }

    @Test
    void resultLinesRoundTripAndJmhCsvIsRead() {
        Result result = relay("x", 1234.5, 3);
        Result parsed = Result.parse(result.toLine());
        assertThat(parsed.fields()).isEqualTo(result.fields());
        assertThat(parsed.number("signals_per_s")).isEqualTo(1234.5);
        assertThat(parsed.number("absent")).isNaN();
        String csv = """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: vocabulary"
                "dev.ghostline.bench.jmh.MatchingEngineBench.arrive","thrpt",1,2,27476.6,NaN,"ops/s",2000
                "dev.ghostline.bench.jmh.MatchingEngineBench.arrive:pairs","thrpt",1,2,13737.6,NaN,"ops/s",2000
                """;
        assertThat(ReportMain.enginePairsPerSecond(csv)).isEqualTo(13737.6);
        assertThat(ReportMain.enginePairsPerSecond("")).isNaN();
    }
}
