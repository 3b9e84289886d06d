package dev.ghostline.deploy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Starts the stand-in Kubernetes API the chart's {@code lookup} talks to (see {@link FakeKubeApi}) for each
 * test class, and renders the three value sets every structural test checks once per JVM.
 */
abstract class ChartTestBase {
    /**
     * Health and metrics: the Quarkus management interface ({@code quarkus.management.port} in every service's
     * application.properties), never routed by an Ingress.
     */
    static final int MANAGEMENT_PORT = 9000;
    static FakeKubeApi api;
    private static final Map<String, Manifests> RENDERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startFakeApi() {
        api = FakeKubeApi.start();
    }

    @AfterAll
    static void stopFakeApi() {
        api.close();
    }

    static Manifests defaults() {
        return cached("defaults", () -> Chart.defaults().render());
    }

    static Manifests example() {
        return cached("example", () -> Chart.with(Chart.EXAMPLE_VALUES).render());
    }

    static Manifests production() {
        return cached("production", () -> Chart.with(Chart.PRODUCTION_VALUES).render());
    }

    /** The default values, the documented example and the production-like test values. */
    static List<Arguments> renders() {
        return List.of(
                Arguments.of("default values", defaults()),
                Arguments.of("examples/production.yaml", example()),
                Arguments.of("production-values.yaml", production()));
    }

    private static Manifests cached(String key, Supplier<Manifests> render) {
        return RENDERS.computeIfAbsent(key, k -> render.get());
    }
}
