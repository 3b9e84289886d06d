package dev.ghostline.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart under test and how the tests render it: release {@value #RELEASE} in namespace {@value #NAMESPACE}. */
final class Chart {
    static final Path DIR = Path.of(System.getProperty("ghostline.chart.dir", "../helm/ghostline")).toAbsolutePath().normalize();
    static final Path TURN_CONFIG = Path.of(System.getProperty("ghostline.turnconfig.dir", "../../turn-config")).toAbsolutePath().normalize();
    static final Path PRODUCTION_VALUES = Path.of("src/test/resources/production-values.yaml").toAbsolutePath();
    static final Path EXAMPLE_VALUES = DIR.resolve("examples/production.yaml");
    static final String RELEASE = "gl";
    static final String NAMESPACE = "chat";
    /** helm-java's built-in default is v1.20, below the chart's kubeVersion; render for a supported cluster. */
    static final String KUBE_VERSION = "1.30.0";
    /**
     * helm-java's template (0.0.21) renders no hook resources (like {@code helm template --no-hooks}), so the
     * helm test Pods would never be checked. Renders therefore use a copy of the chart in which the hook
     * annotations are renamed to {@value #HOOK_ANNOTATION} (and its -delete-policy): Helm then treats the
     * Pods as ordinary manifests, and the tests still see which hook each Pod is.
     */
    static final String HOOK_ANNOTATION = "ghostline.dev/helm-hook";
    private static final Path RENDER_COPY = Path.of("target/chart-with-hooks").toAbsolutePath();
    private static boolean copied;

    private final Path valuesFile;
    private final Map<String, String> sets = new LinkedHashMap<>();
    private String release = RELEASE;

    private Chart(Path valuesFile) {
        this.valuesFile = valuesFile;
    }

    static Chart defaults() {
        return new Chart(null);
    }

    static Chart with(Path valuesFile) {
        return new Chart(valuesFile);
    }

    /** Another release name than {@value #RELEASE}, e.g. to check name lengths. */
    Chart release(String name) {
        this.release = name;
        return this;
    }

    Chart set(String key, Object value) {
        sets.put(key, String.valueOf(value));
        return this;
    }

    static LintResult lint() {
        return new Helm(DIR).lint().strict().call();
    }

    /** Renders and parses every manifest; fails the test with Helm's message when rendering fails. */
    Manifests render() {
        return Manifests.parse(renderText());
    }

    String renderText() {
        TemplateCommand template = new Helm(renderCopy()).template()
                .withName(release).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    /**
     * NOTES.txt as {@code helm install} prints it: a client-only dry run (no cluster, so {@code lookup} finds
     * nothing), whose output ends with the notes.
     */
    String notes() {
        InstallCommand install = new Helm(DIR).install().withName(release).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).clientOnly().dryRun();
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            install = install.set(set.getKey(), set.getValue());
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    /** The chart with its hooks renamed, copied once per JVM (see {@link #HOOK_ANNOTATION}). */
    private static synchronized Path renderCopy() {
        if (copied) {
            return RENDER_COPY;
        }
        try {
            if (Files.exists(RENDER_COPY)) {
                try (Stream<Path> old = Files.walk(RENDER_COPY)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(DIR)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                Path target = RENDER_COPY.resolve(DIR.relativize(file).toString());
                Files.createDirectories(target.getParent());
                if (DIR.relativize(file).startsWith("templates")) {
                    Files.writeString(target, Files.readString(file)
                            .replace("helm.sh/hook:", HOOK_ANNOTATION + ":")
                            .replace("helm.sh/hook-delete-policy:", HOOK_ANNOTATION + "-delete-policy:"));
                } else {
                    Files.copy(file, target);
                }
            }
            copied = true;
            return RENDER_COPY;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's error message for values that must not render. */
    String failure() {
        try {
            renderText();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("the chart rendered with " + sets + " but should have refused");
    }
}
