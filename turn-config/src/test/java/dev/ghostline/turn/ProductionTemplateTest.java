package dev.ghostline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Static checks on the production template: what it must contain and what it must never contain. */
class ProductionTemplateTest {

    /** Every range a relay must never reach: the host, the cluster, special-purpose networks. */
    static final List<String> REQUIRED_DENIED = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
            "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::1/128", "::/128", "fc00::/7", "fe80::/10",
            // IPv4-mapped IPv6: CVE-2026-27624 bypass in coturn < 4.9.0.
            "::ffff:0.0.0.0/96");

    /** Options that print client/peer addresses or turn the relay towards loopback/private peers. */
    static final Set<String> FORBIDDEN = Set.of(
            "verbose", "Verbose", "syslog",
            "allow-loopback-peers", "allowed-peer-ip",
            "static-auth-secret", "cli-password", "web-admin", "prometheus",
            "no-auth", "lt-cred-mech");

    static final List<String> REQUIRED_FLAGS = List.of(
            "use-auth-secret", "fingerprint", "no-cli", "no-software-attribute", "no-multicast-peers",
            "no-tlsv1", "no-tlsv1_1", "no-stdout-log");

    static final List<String> REQUIRED_VALUES = List.of(
            "user-quota", "total-quota", "max-bps", "bps-capacity", "realm", "listening-ip",
            "relay-ip", "external-ip", "cert", "pkey", "tls-listening-port", "alt-tls-listening-port");

    static TurnConfigFile template;

    @BeforeAll
    static void read() throws IOException {
        template = TurnConfigFile.read(Path.of("turnserver.conf"));
    }

    @Test
    void containsNoForbiddenDirective() {
        assertThat(template.directives())
                .filteredOn(d -> FORBIDDEN.contains(d.key()))
                .as("directives that log client addresses, allow internal peers or embed secrets")
                .isEmpty();
    }

    @Test
    void logsNowhere() {
        // coturn logs peer IP:port at session close and cannot mask it: the only safe sink is none.
        assertThat(template.last("log-file")).contains("/dev/null");
        assertThat(template.has("no-stdout-log")).isTrue();
        // simple-log keeps the name literal; without it coturn would append a date to /dev/null.
        assertThat(template.has("simple-log")).isTrue();
    }

    @Test
    void deniesEveryRequiredRange() {
        List<AddressRange> denied = template.all("denied-peer-ip").stream()
                .map(d -> AddressRange.parse(d.value()))
                .toList();
        for (String required : REQUIRED_DENIED) {
            AddressRange range = AddressRange.cidr(required);
            assertThat(denied).as("denied-peer-ip covering %s", required).anyMatch(d -> d.covers(range));
        }
    }

    @Test
    void ipv4MappedRangeIsTreatedAsIpv6() {
        // Guards the parser itself: a mapped range must not be confused with the IPv4 rules.
        AddressRange mapped = AddressRange.parse("::ffff:0.0.0.0-::ffff:255.255.255.255");
        assertThat(mapped.ipv6()).isTrue();
        assertThat(mapped.covers(AddressRange.cidr("127.0.0.0/8"))).isFalse();
        assertThat(mapped.covers(AddressRange.cidr("::ffff:127.0.0.1/128"))).isTrue();
    }

    @Test
    void hasEveryHardeningFlag() {
        assertThat(REQUIRED_FLAGS).allMatch(template::has, "present in the template");
        assertThat(REQUIRED_VALUES).allMatch(k -> template.last(k).filter(v -> !v.isEmpty()).isPresent(),
                "present with a value");
        assertThat(template.last("stale-nonce")).contains("600");
    }

    @ParameterizedTest
    @ValueSource(strings = {"realm", "listening-ip", "relay-ip", "external-ip", "cert", "pkey"})
    void deploymentValuesArePlaceholders(String key) {
        assertThat(template.last(key)).get().asString().matches("\\$\\{TURN_[A-Z_]+}");
    }

    @Test
    void listensOnStandardPorts() {
        assertThat(template.last("listening-port")).contains("3478");
        assertThat(template.last("tls-listening-port")).contains("5349");
        assertThat(template.last("alt-tls-listening-port")).contains("443");
        assertThat(template.has("no-tls")).isFalse();
        assertThat(template.has("no-udp")).isFalse();
        assertThat(template.has("no-tcp")).isFalse();
    }

    @Test
    void parserSeesThroughDashesAndComments() {
        TurnConfigFile sample = TurnConfigFile.parse(List.of("# verbose", "--verbose", " denied-peer-ip = ::1 "));
        assertThat(sample.has("verbose")).isTrue();
        assertThat(sample.last("denied-peer-ip")).contains("::1");
        assertThat(sample.directives()).hasSize(2);
    }
}
