package dev.ghostline.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private final Path valuesFile;
    private final Map<String, String> sets = new LinkedHashMap<>();

    private Chart(Path valuesFile) {
        this.valuesFile = valuesFile;
    }

    static Chart defaults() {
        return new Chart(null);
    }

    static Chart with(Path valuesFile) {
        return new Chart(valuesFile);
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
        TemplateCommand template = new Helm(DIR).template()
                .withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
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
