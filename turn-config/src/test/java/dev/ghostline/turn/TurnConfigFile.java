package dev.ghostline.turn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A turnserver.conf read the way coturn reads it: one {@code key[=value]} directive per line,
 * {@code #} comments and blank lines ignored, repeated keys kept in order (later lines win for
 * single-valued options, repeatable ones such as denied-peer-ip accumulate).
 */
record TurnConfigFile(List<Directive> directives) {

    record Directive(int line, String key, String value) {
        @Override
        public String toString() {
            return "line " + line + ": " + key + (value.isEmpty() ? "" : "=" + value);
        }
    }

    static TurnConfigFile read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    static TurnConfigFile parse(List<String> lines) {
        List<Directive> directives = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int eq = text.indexOf('=');
            // coturn strips a leading "--" too, so "--verbose" in a file is still verbose.
            String key = (eq < 0 ? text : text.substring(0, eq)).strip().replaceFirst("^--", "");
            String value = eq < 0 ? "" : text.substring(eq + 1).strip();
            directives.add(new Directive(i + 1, key, value));
        }
        return new TurnConfigFile(List.copyOf(directives));
    }

    List<Directive> all(String key) {
        return directives.stream().filter(d -> d.key().equals(key)).toList();
    }

    boolean has(String key) {
        return !all(key).isEmpty();
    }

    /** The effective value of a single-valued option: the last one. */
    Optional<String> last(String key) {
        List<Directive> found = all(key);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1).value());
    }
}
