package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's README is what {@code helm show readme} prints, and it names what the chart really has. */
class ReadmeTest extends ChartTestBase {
    private static final Path README = Chart.DIR.resolve("README.md");
    /** A top-level key of values.yaml that opens a section (its value is on the lines below). */
    private static final Pattern VALUES_SECTION = Pattern.compile("(?m)^([A-Za-z]+):\\s*$");

    @Test
    void helmShowReadmeOnThePackagedChartPrintsIt(@TempDir Path destination) throws IOException {
        new Helm(Chart.DIR).packageIt().withDestination(destination).call();
        Path archive;
        try (Stream<Path> packaged = Files.list(destination)) {
            archive = packaged.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }

        String shown = Helm.show(archive.toString()).readme().call();

        assertThat(shown).as("README.md in the package (.helmignore must not drop it)").isNotNull();
        assertThat(shown.strip()).isEqualTo(Files.readString(README).strip());
    }

    @Test
    void itNamesEverySectionOfTheValues() throws IOException {
        String readme = Files.readString(README);
        Matcher sections = VALUES_SECTION.matcher(Files.readString(Chart.DIR.resolve("values.yaml")));
        List<String> keys = sections.results().map(m -> m.group(1)).toList();

        assertThat(keys).contains("global", "signaling", "coturn", "tests");
        assertThat(keys).allSatisfy(key -> assertThat(readme).contains("`" + key + "."));
    }

    @Test
    void itNamesEverySecretTheChartMakesWithItsKeys() throws IOException {
        String readme = Files.readString(README);
        List<Secret> generated = defaults().all(Secret.class);

        assertThat(generated).isNotEmpty().allSatisfy(secret -> {
            String suffix = secret.getMetadata().getName().substring(Manifests.name("").length());
            assertThat(readme).contains("`<fullname>-" + suffix + "`");
            assertThat(secret.getData().keySet()).allSatisfy(key -> assertThat(readme).contains("`" + key + "`"));
        });
    }
}
