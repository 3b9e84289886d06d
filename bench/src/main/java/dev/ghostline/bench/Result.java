package dev.ghostline.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one system in one scenario, as one tab-separated line of {@code name=value} fields
 * (the first two are {@code system} and {@code scenario}), so run.sh can collect lines from many runs.
 */
public final class Result {
    private final Map<String, String> fields = new LinkedHashMap<>();

    public Result(String system, String scenario) {
        fields.put("system", system);
        fields.put("scenario", scenario);
    }

    private Result() {
    }

    public Result put(String name, Object value) {
        String text = value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.3f", d) : String.valueOf(value);
        if (name.contains("=") || name.contains("\t") || text.contains("\t") || text.contains("\n")) {
            throw new IllegalArgumentException("field names and values must not hold tabs, newlines or '=' in names");
        }
        fields.put(name, text);
        return this;
    }

    public String system() {
        return fields.get("system");
    }

    public String scenario() {
        return fields.get("scenario");
    }

    public String get(String name) {
        return fields.get(name);
    }

    /** The named figure as a number, or NaN when absent or not numeric. */
    public double number(String name) {
        String value = fields.get(name);
        if (value == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public Map<String, String> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public String toLine() {
        StringBuilder line = new StringBuilder();
        fields.forEach((name, value) -> line.append(line.length() == 0 ? "" : "\t").append(name).append('=').append(value));
        return line.toString();
    }

    public static Result parse(String line) {
        Result result = new Result();
        for (String field : line.split("\t")) {
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a name=value field: " + field);
            }
            result.fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        if (result.system() == null || result.scenario() == null) {
            throw new IllegalArgumentException("a result line needs system and scenario");
        }
        return result;
    }
}
