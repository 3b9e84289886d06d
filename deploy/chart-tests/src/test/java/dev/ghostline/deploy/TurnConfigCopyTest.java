package dev.ghostline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * turn-config/ is the one source of coturn's template and entrypoint. Helm cannot read files outside the
 * chart, so the chart carries a copy in files/turn-config/; this test keeps the copy byte-identical.
 * To update it: {@code cp turn-config/turnserver.conf turn-config/start-coturn.sh deploy/helm/ghostline/files/turn-config/}.
 */
class TurnConfigCopyTest extends ChartTestBase {
    private static final Path COPY = Chart.DIR.resolve("files/turn-config");
    private static final String ALT_TLS_LINE = "alt-tls-listening-port=443\n";

    @ParameterizedTest
    @ValueSource(strings = {"turnserver.conf", "start-coturn.sh"})
    void chartCopyIsByteIdenticalToTurnConfig(String file) throws IOException {
        assertThat(Files.readAllBytes(COPY.resolve(file)))
                .as("deploy/helm/ghostline/files/turn-config/%s differs from turn-config/%s: copy it again", file, file)
                .isEqualTo(Files.readAllBytes(Chart.TURN_CONFIG.resolve(file)));
    }

    @Test
    void configMapShipsTheTemplateAndScriptAsTheyAre() throws IOException {
        Map<String, String> data = Chart.defaults().set("coturn.listenOn443", true).render().configMap("coturn").getData();

        assertThat(data.get("turnserver.conf") + "\n").isEqualTo(read("turnserver.conf"));
        assertThat(data.get("start-coturn.sh") + "\n").isEqualTo(read("start-coturn.sh"));
    }

    @Test
    void withoutPort443OnlyTheAltTlsLineIsLeftOut() throws IOException {
        String template = read("turnserver.conf");
        assertThat(template).contains("\n" + ALT_TLS_LINE);

        String shipped = defaults().configMap("coturn").getData().get("turnserver.conf") + "\n";

        assertThat(shipped).isEqualTo(template.replace(ALT_TLS_LINE, ""));
    }

    @Test
    void theRelayRangeReplacesOnlyTheTwoPortLines() throws IOException {
        String template = read("turnserver.conf");
        assertThat(template).contains("\nmin-port=49152\n", "\nmax-port=65535\n");

        String shipped = Chart.defaults().set("coturn.listenOn443", true)
                .set("coturn.relayPorts.min", 50000).set("coturn.relayPorts.max", 50999)
                .render().configMap("coturn").getData().get("turnserver.conf") + "\n";

        assertThat(shipped).isEqualTo(template.replace("\nmin-port=49152\n", "\nmin-port=50000\n")
                .replace("\nmax-port=65535\n", "\nmax-port=50999\n"));
    }

    @Test
    void theTemplateHoldsPlaceholdersAndNoSecret() throws IOException {
        String template = read("turnserver.conf");

        assertThat(template.lines().filter(l -> !l.startsWith("#")))
                .noneMatch(l -> l.startsWith("static-auth-secret"))
                .contains("use-auth-secret", "realm=${TURN_REALM}", "external-ip=${TURN_EXTERNAL_IP}");
    }

    private static String read(String file) throws IOException {
        return Files.readString(Chart.TURN_CONFIG.resolve(file));
    }
}
