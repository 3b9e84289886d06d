package dev.ghostline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * start-coturn.sh's choices before coturn starts: the detected external address and TLS while the certificate
 * is missing. CoturnTest runs real coturn through the same paths; these cover the refusals.
 */
class StartScriptTest {

    @Test
    void autoTakesTheDetectedAddressAndKeepsThePrivateOne() {
        Map<String, String> env = StartScript.baseEnvironment();
        env.put("TURN_EXTERNAL_IP", "auto/10.0.3.7");

        StartScript.Rendered rendered = StartScript.render(env, true, "198.51.100.23", 0);

        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        assertThat(TurnConfigFile.parse(rendered.config().lines().toList()).last("external-ip")).contains("198.51.100.23/10.0.3.7");
        assertThat(rendered.output()).contains("detected external IP 198.51.100.23");
    }

    @Test
    void autoAloneAdvertisesTheDetectedAddress() {
        Map<String, String> env = StartScript.baseEnvironment();
        env.put("TURN_EXTERNAL_IP", "auto");

        StartScript.Rendered rendered = StartScript.render(env, true, "198.51.100.23", 0);

        assertThat(TurnConfigFile.parse(rendered.config().lines().toList()).last("external-ip")).contains("198.51.100.23");
    }

    /** A detector that fails, or answers anything but one IPv4 address, stops the start: no config, no coturn. */
    @ParameterizedTest(name = "answer {0}")
    @ValueSource(strings = {"", "not-an-address", "256.1.1.1", "2001:db8::1", "198.51.100.23\nrelay-ip=0.0.0.0"})
    void anUnusableDetectionStopsTheStart(String answer) {
        Map<String, String> env = StartScript.baseEnvironment();
        env.put("TURN_EXTERNAL_IP", "auto/10.0.3.7");

        StartScript.Rendered rendered = StartScript.render(env, true, answer, 0);

        assertThat(rendered.exitCode()).as(rendered.output()).isEqualTo(64);
        assertThat(rendered.output()).contains("TURN_EXTERNAL_IP=auto");
        assertThat(rendered.config()).isNull();
    }

    @Test
    void aFailingDetectorStopsTheStart() {
        Map<String, String> env = StartScript.baseEnvironment();
        env.put("TURN_EXTERNAL_IP", "auto");

        StartScript.Rendered rendered = StartScript.render(env, true, "198.51.100.23", 1);

        assertThat(rendered.exitCode()).isEqualTo(64);
        assertThat(rendered.output()).contains("found no external address; set TURN_EXTERNAL_IP explicitly");
        assertThat(rendered.config()).isNull();
    }

    @Test
    void optionalTlsWithoutACertificateServesPlainTurnAndSaysSo() {
        Map<String, String> env = StartScript.baseEnvironment();
        env.put("TURN_TLS", "optional");

        StartScript.Rendered rendered = StartScript.render(env, false, null, 0);

        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        TurnConfigFile config = TurnConfigFile.parse(rendered.config().lines().toList());
        assertThat(config.has("no-tls")).isTrue();
        assertThat(config.has("no-dtls")).isTrue();
        assertThat(rendered.output()).contains("WARNING no TLS certificate or key");
    }

    @Test
    void optionalTlsWithTheCertificateKeepsTls() {
        Map<String, String> env = StartScript.baseEnvironment();
        env.put("TURN_TLS", "optional");

        StartScript.Rendered rendered = StartScript.render(env, true, null, 0);

        TurnConfigFile config = TurnConfigFile.parse(rendered.config().lines().toList());
        assertThat(config.has("no-tls")).isFalse();
        assertThat(config.has("no-dtls")).isFalse();
        assertThat(config.last("cert")).contains("tls/tls.crt");
    }

    @Test
    void tlsOffAndAnUnknownTlsModeAreTakenLiterally() {
        Map<String, String> off = StartScript.baseEnvironment();
        off.put("TURN_TLS", "off");
        assertThat(TurnConfigFile.parse(StartScript.render(off, true, null, 0).config().lines().toList()).has("no-tls"))
                .isTrue();

        Map<String, String> typo = StartScript.baseEnvironment();
        typo.put("TURN_TLS", "sometimes");
        StartScript.Rendered refused = StartScript.render(typo, true, null, 0);
        assertThat(refused.exitCode()).isEqualTo(64);
        assertThat(refused.output()).contains("TURN_TLS must be required, optional or off");
    }

    @Test
    void byDefaultTlsIsRequiredAndNothingIsTurnedOff() {
        StartScript.Rendered rendered = StartScript.render(StartScript.baseEnvironment(), false, null, 0);

        assertThat(rendered.exitCode()).isZero();
        assertThat(TurnConfigFile.parse(rendered.config().lines().toList()).has("no-tls")).isFalse();
    }
}
