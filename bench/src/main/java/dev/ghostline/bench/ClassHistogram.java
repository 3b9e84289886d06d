package dev.ghostline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code jcmd PID GC.class_histogram}: live bytes and instances per class. */
public final class ClassHistogram {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    record Entry(String className, long instances, long bytes) {
    }

    private final Map<String, Entry> byClass = new LinkedHashMap<>();

    public static ClassHistogram parse(String text) {
        ClassHistogram histogram = new ClassHistogram();
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String name = row.group(3);
                histogram.byClass.put(name, new Entry(name, Long.parseLong(row.group(1)), Long.parseLong(row.group(2))));
            }
        }
        return histogram;
    }

    /** What grew from {@code earlier} to this one, per class. */
    public ClassHistogram minus(ClassHistogram earlier) {
        ClassHistogram delta = new ClassHistogram();
        byClass.forEach((name, now) -> {
            Entry then = earlier.byClass.getOrDefault(name, new Entry(name, 0, 0));
            delta.byClass.put(name, new Entry(name, now.instances - then.instances, now.bytes - then.bytes));
        });
        return delta;
    }

    public long totalBytes() {
        return byClass.values().stream().mapToLong(Entry::bytes).sum();
    }

    /** The classes that grew most, as a Markdown table of bytes and instances per session. */
    public String perSessionTable(int sessions, int rows) {
        List<Entry> entries = new ArrayList<>(byClass.values());
        entries.sort((x, y) -> Long.compare(y.bytes, x.bytes));
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Java heap growth: %.0f bytes per session in all classes.%n%n",
                (double) totalBytes() / sessions));
        table.append("| class | bytes/session | instances/session |\n|---|---:|---:|\n");
        for (Entry entry : entries.subList(0, Math.min(rows, entries.size()))) {
            table.append(String.format(Locale.ROOT, "| `%s` | %.0f | %.1f |%n", entry.className,
                    (double) entry.bytes / sessions, (double) entry.instances / sessions));
        }
        return table.toString();
    }
}
