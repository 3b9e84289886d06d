package dev.ghostline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the signaling pod as Markdown: where CPU samples land (top frame, and
 * Ghostline methods anywhere on the stack) and which classes take the sampled allocation weight.
 */
public final class JfrSummary {
    private static final int ROWS = 12;

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Long> selfSamples = new HashMap<>();
        Map<String, Long> ghostlineInclusive = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                samples++;
                countStack(event.getStackTrace().getFrames(), selfSamples, ghostlineInclusive);
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                RecordedClass allocatedClass = event.getClass("objectClass");
                long weight = event.getLong("weight");
                allocated += weight;
                allocations.merge(allocatedClass == null ? "?" : allocatedClass.getName(), weight, Long::sum);
            }
        }
        StringBuilder out = new StringBuilder("### Signaling pod CPU during relay (JFR, " + samples + " samples)\n\n");
        out.append(table("top frame (self time)", selfSamples, samples, "%"));
        out.append("\nGhostline code anywhere on the stack (inclusive):\n\n");
        out.append(table("method", ghostlineInclusive, samples, "%"));
        out.append(String.format(Locale.ROOT, "%n### Allocation during relay (sampled weight %.0f MiB)%n%n", allocated / 1048576.0));
        out.append(table("class", allocations, allocated, "%"));
        System.out.print(out);
    }

    private static void countStack(List<RecordedFrame> frames, Map<String, Long> self, Map<String, Long> inclusive) {
        if (frames.isEmpty()) {
            return;
        }
        self.merge(name(frames.get(0)), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith("dev.ghostline.") && seen.add(name)) {
                inclusive.merge(name, 1L, Long::sum);
            }
        }
    }

    private static String name(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return "?";
        }
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static String table(String heading, Map<String, Long> counts, long total, String unit) {
        StringBuilder table = new StringBuilder("| " + heading + " | share |\n|---|---:|\n");
        counts.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .limit(ROWS)
                .forEach(e -> table.append(String.format(Locale.ROOT, "| `%s` | %.1f%s |%n", e.getKey(),
                        total == 0 ? 0.0 : 100.0 * e.getValue() / total, unit)));
        return table.toString();
    }
}
