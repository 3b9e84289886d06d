package dev.ghostline.bench;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Collects a run's files (results.tsv, machine and parameter facts, JMH CSV, profile) into the report. */
public final class ReportMain {
    private ReportMain() {
    }

    public static void main(String[] argv) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            options.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        List<Result> results = new ArrayList<>();
        for (String line : readOrEmpty(options.get("results")).split("\n")) {
            if (!line.isBlank()) {
                results.add(Result.parse(line));
            }
        }
        String title = options.getOrDefault("title",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        Report report = new Report(title, properties(readOrEmpty(options.get("machine"))),
                properties(readOrEmpty(options.get("params"))), results,
                enginePairsPerSecond(readOrEmpty(options.get("jmh"))), readOrEmpty(options.get("profile")),
                readOrEmpty(options.get("findings")));
        Files.writeString(Path.of(options.get("out")), report.render(), StandardCharsets.UTF_8);
    }

    /** The {@code pairs} auxiliary counter's score from JMH's CSV output, or NaN. */
    static double enginePairsPerSecond(String csv) {
        for (String line : csv.split("\n")) {
            String[] cells = line.split(",");
            if (cells.length >= 5 && cells[0].replace("\"", "").endsWith(":pairs")) {
                return Double.parseDouble(cells[4].replace("\"", ""));
            }
        }
        return Double.NaN;
    }

    /** key=value lines in file order (java.util.Properties would lose the order). */
    static Map<String, String> properties(String text) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                Properties one = new Properties();
                one.load(new StringReader(line));
                String key = line.substring(0, equals).trim();
                entries.put(key.replace('_', ' '), one.getProperty(key));
            }
        }
        return entries;
    }

    private static String readOrEmpty(String file) throws IOException {
        if (file == null || !Files.exists(Path.of(file))) {
            return "";
        }
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }
}
