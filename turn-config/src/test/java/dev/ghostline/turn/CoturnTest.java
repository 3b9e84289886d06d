package dev.ghostline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghostline.protocol.crypto.TurnCredentials;
import dev.ghostline.support.testing.Coturn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The production template on a real coturn: TURN REST credentials and peer address refusal. */
class CoturnTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final String SECRET = "test-only-secret-0123456789abcdefghijklmnop";
    private static final Pattern RECEIVED = Pattern.compile("tot_recv_msgs=(\\d+)\\s*$", Pattern.MULTILINE);
    /** Overlay lines that let the relay reach loopback; removed to test production peer rules. */
    private static final List<String> LOOPBACK_PERMITS = List.of("allow-loopback-peers", "allowed-peer-ip");
    /** Overlay lines that turn TLS off; removed where start-coturn.sh has to do that itself (TURN_TLS=optional). */
    private static final List<String> TLS_OFF = List.of("no-tls", "no-dtls");

    private static final TurnCredentials CREDENTIALS = new TurnCredentials(SECRET, Clock.systemUTC());
    /** Both servers' rendered configs, pid files and logs, and the clients' directories; JUnit deletes it. */
    @TempDir
    static Path sandbox;
    private static Coturn loopbackAllowed;
    private static Coturn productionPeers;
    private static Uclient uclient;

    @BeforeAll
    static void startServers() throws IOException {
        loopbackAllowed = withLoopbackPeers();
        productionPeers = withProductionPeerRules();
        uclient = new Uclient(sandbox.resolve("uclient"));
    }

    /**
     * Production template + full test overlay: loopback peers allowed so local clients can relay. The external
     * address is {@code auto}, answered by a stand-in for the image's DNS-based detector (no public resolver is
     * reachable from a build machine): relaying through it shows the detected address is the one advertised.
     */
    private static Coturn withLoopbackPeers() throws IOException {
        Path detector = StartScript.detector(Files.createDirectories(sandbox.resolve("detector")), "127.0.0.1", 0);
        // public/private form maps only the IPv4 relay, so the IPv6 (::1) relay is reported as is.
        return Coturn.launch(MODULE, SECRET)
                .env("TURN_EXTERNAL_IP", "auto/127.0.0.1")
                .env("TURN_DETECT_EXTERNAL_IP", detector.toString())
                .start(sandbox.resolve("loopback-peers"));
    }

    /**
     * Production template + test overlay without its loopback permits (production peer rules in force) and
     * without its TLS switches: TURN_TLS=optional with no certificate, so start-coturn.sh turns TLS off itself.
     */
    private static Coturn withProductionPeerRules() {
        return Coturn.launch(MODULE, SECRET)
                .withoutOverlayLines(line -> LOOPBACK_PERMITS.stream().anyMatch(line::startsWith))
                .withoutOverlayLines(line -> TLS_OFF.contains(line.strip()))
                .env("TURN_TLS", "optional")
                .start(sandbox.resolve("production-peers"));
    }

    @AfterAll
    static void stopServers() {
        if (loopbackAllowed != null) {
            loopbackAllowed.close();
        }
        if (productionPeers != null) {
            productionPeers.close();
        }
    }

    @Test
    void renderedConfigHoldsTheSecretWithOwnerOnlyPermissions() throws Exception {
        assertThat(Files.getPosixFilePermissions(loopbackAllowed.renderedConfig()))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        TurnConfigFile rendered = TurnConfigFile.read(loopbackAllowed.renderedConfig());
        // Compared as booleans so a failure never prints the secret.
        assertThat(rendered.last("static-auth-secret").filter(SECRET::equals)).isPresent();
        assertThat(rendered.directives()).noneMatch(d -> d.value().contains("${"));
        // TURN_EXTERNAL_IP=auto/127.0.0.1, with the detector's answer in place of "auto".
        assertThat(rendered.last("external-ip")).contains("127.0.0.1/127.0.0.1");
    }

    @Test
    void withOptionalTlsAndNoCertificateTheScriptTurnsTlsOffAndCoturnServes() throws Exception {
        // This server's overlay has no TLS switches of its own: these come from start-coturn.sh.
        TurnConfigFile rendered = TurnConfigFile.read(productionPeers.renderedConfig());
        assertThat(rendered.has("no-tls")).isTrue();
        assertThat(rendered.has("no-dtls")).isTrue();
        TurnCredentials.Credential credential = CREDENTIALS.issue(Duration.ofMinutes(10));

        Uclient.Result result = uclient.relayToPeer(
                productionPeers.port(), credential.username(), credential.password(), "127.0.0.1");

        // The allocation succeeds over plain TURN; the loopback peer is then refused, as production wants.
        assertThat(result.output()).as(result.output()).contains("error 403 (Forbidden IP)");
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void issuedCredentialsRelay(boolean tcp) throws Exception {
        TurnCredentials.Credential credential = CREDENTIALS.issue(Duration.ofMinutes(10));

        Uclient.Result result = uclient.relayBetweenClients(
                loopbackAllowed.port(), credential.username(), credential.password(), tcp);

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).doesNotContain("Cannot complete Allocation");
        assertThat(lastReceivedCount(result.output())).as(result.output()).isPositive();
    }

    @Test
    void expiredUsernameIsRejected() throws Exception {
        String expired = "1000000000:abc";

        Uclient.Result result = uclient.relayBetweenClients(
                loopbackAllowed.port(), expired, CREDENTIALS.password(expired), false);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).contains("Cannot complete Allocation");
    }

    @Test
    void credentialsFromAnotherSecretAreRejected() throws Exception {
        TurnCredentials wrong = new TurnCredentials("some-other-secret-0123456789abcdefghij", Clock.systemUTC());
        TurnCredentials.Credential credential = wrong.issue(Duration.ofMinutes(10));

        Uclient.Result result = uclient.relayBetweenClients(
                loopbackAllowed.port(), credential.username(), credential.password(), false);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).contains("Cannot complete Allocation");
    }

    /** The production deny list, not just coturn's built-in loopback rule, refuses these. */
    @ParameterizedTest(name = "peer {0}")
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "::1", "::", "::ffff:127.0.0.1"})
    void loopbackPeersAreRefused(String peer) throws Exception {
        TurnCredentials.Credential credential = CREDENTIALS.issue(Duration.ofMinutes(10));

        Uclient.Result result = uclient.relayToPeer(
                productionPeers.port(), credential.username(), credential.password(), peer);

        assertThat(result.succeeded()).as(result.output()).isFalse();
        // The allocation itself succeeds; the refusal is coturn's 403 on the peer address.
        assertThat(result.output()).as(result.output()).contains("error 403 (Forbidden IP)");
    }

    private static int lastReceivedCount(String output) {
        Matcher m = RECEIVED.matcher(output);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}
