package dev.ghostline.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generator's command line: {@code --name value} pairs. Every option has a default except the system,
 * the scenario and the server URLs; unknown names and malformed values are refused with a message that says
 * which option is wrong.
 */
public record BenchArgs(String system, Dialect.Kind dialect, Scenario scenario, List<URI> urls, String origin,
                        int pairs, int window, int warmupSeconds, int durationSeconds, int joinsPerSecond,
                        int rounds, int sessions, int idleSeconds, List<Long> serverPids, boolean jvmServer,
                        String classHistogramOut, int perSourceAddress, int threads, int sdpBytes,
                        int candidateBytes, String resultsFile, String jfrFile, int signalRate) {

    /** relay: closed loop at saturation; paced: the relay at a fixed signal rate, for latency. */
    public enum Scenario { RELAY, PACED, CHURN, IDLE }

    private static final Set<String> KNOWN = Set.of("system", "dialect", "scenario", "url", "origin", "pairs",
            "window", "warmup", "duration", "rate", "rounds", "sessions", "idle", "server-pid", "jvm-server",
            "class-histogram", "per-source-address", "threads", "sdp-bytes", "candidate-bytes", "results", "jfr",
            "signal-rate");

    public static final String USAGE = """
            usage: bench --system LABEL --dialect ghostline|peerjs|bare --scenario relay|paced|churn|idle --url WS_URL[,WS_URL]
              [--origin http://bench.test] [--pairs 200] [--window 4] [--warmup 5] [--duration 20]
              [--rate 1000] [--rounds 4] [--sessions 10000] [--idle 20] [--server-pid PID[,PID]]
              [--jvm-server true] [--class-histogram FILE] [--per-source-address 25000] [--threads CORES]
              [--sdp-bytes 4096] [--candidate-bytes 200] [--results FILE] [--jfr FILE] [--signal-rate 10000]
            With two URLs, the two partners of a pair are on different servers (relay, paced, churn).
            --signal-rate: signals per second all pairs send together in the paced scenario (open loop).
            --jfr: record the first server process with JFR over the measured part of the relay.""";

    public static BenchArgs parse(String... argv) {
        Map<String, String> options = toMap(argv);
        List<URI> urls = parseUrls(required(options, "url"));
        BenchArgs args = new BenchArgs(
                required(options, "system"),
                parseEnum(Dialect.Kind.class, "dialect", required(options, "dialect")),
                parseEnum(Scenario.class, "scenario", required(options, "scenario")),
                urls,
                options.getOrDefault("origin", "http://bench.test"),
                positive(options, "pairs", 200),
                positive(options, "window", 4),
                nonNegative(options, "warmup", 5),
                positive(options, "duration", 20),
                positive(options, "rate", 1000),
                positive(options, "rounds", 4),
                positive(options, "sessions", 10_000),
                positive(options, "idle", 20),
                parsePids(options.getOrDefault("server-pid", "")),
                parseBoolean(options.getOrDefault("jvm-server", "true")),
                options.get("class-histogram"),
                positive(options, "per-source-address", 25_000),
                positive(options, "threads", Runtime.getRuntime().availableProcessors()),
                positive(options, "sdp-bytes", 4096),
                positive(options, "candidate-bytes", 200),
                options.get("results"),
                options.get("jfr"),
                positive(options, "signal-rate", 10_000));
        if (args.urls.size() > 2) {
            throw new IllegalArgumentException("--url takes one or two WebSocket URLs");
        }
        return args;
    }

    private static Map<String, String> toMap(String... argv) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i += 2) {
            String name = argv[i];
            if (!name.startsWith("--") || !KNOWN.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            options.put(name.substring(2), argv[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static int positive(Map<String, String> options, String name, int fallback) {
        int value = integer(options, name, fallback);
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be > 0");
        }
        return value;
    }

    private static int nonNegative(Map<String, String> options, String name, int fallback) {
        int value = integer(options, name, fallback);
        if (value < 0) {
            throw new IllegalArgumentException("--" + name + " must be >= 0");
        }
        return value;
    }

    private static int integer(Map<String, String> options, String name, int fallback) {
        String raw = options.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer");
        }
    }

    private static boolean parseBoolean(String raw) {
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new IllegalArgumentException("--jvm-server must be true or false");
        }
        return Boolean.parseBoolean(raw);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String raw) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException("--" + name + " must be one of " + List.of(type.getEnumConstants()));
    }

    private static List<URI> parseUrls(String raw) {
        List<URI> urls = new ArrayList<>();
        for (String part : raw.split(",")) {
            URI uri;
            try {
                uri = URI.create(part.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--url is not a URL");
            }
            if (!"ws".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
                throw new IllegalArgumentException("--url must be ws://host:port/path");
            }
            urls.add(uri);
        }
        return List.copyOf(urls);
    }

    private static List<Long> parsePids(String raw) {
        List<Long> pids = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                pids.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--server-pid must be process ids separated by commas");
            }
        }
        return List.copyOf(pids);
    }

    /** The URL the {@code side}-th partner (0 or 1) connects to. */
    public URI urlFor(int side) {
        return urls.get(Math.min(side, urls.size() - 1));
    }
}
