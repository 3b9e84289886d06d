package dev.ghostline.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AddressHashesTest {
    private static final ClusterSecret SECRET = ClusterSecret.of("0123456789abcdef0123456789abcdef-test");
    private static final Instant NOON = Instant.parse("2026-11-21T12:00:00Z");

    private static AddressHashes at(Instant now, ClusterSecret secret) {
        return new AddressHashes(secret, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void sameAddressSameDayGivesTheSameHashWithoutTheAddressInIt() {
        String hash = at(NOON, SECRET).hash("203.0.113.7");
        assertThat(at(NOON.plus(Duration.ofHours(11)), SECRET).hash("203.0.113.7")).isEqualTo(hash);
        assertThat(hash).hasSize(32).matches("[0-9a-f]+").doesNotContain("203");
        assertThat(at(NOON, SECRET).hash("203.0.113.8")).isNotEqualTo(hash);
    }

    @Test
    void theKeyRotatesDailySoDaysCannotBeLinked() {
        assertThat(at(NOON.plus(Duration.ofDays(1)), SECRET).hash("203.0.113.7"))
                .isNotEqualTo(at(NOON, SECRET).hash("203.0.113.7"));
    }

    @Test
    void anotherClusterSecretGivesUnrelatedHashes() {
        ClusterSecret other = ClusterSecret.of("another-secret-another-secret-another-secret");
        assertThat(at(NOON, other).hash("203.0.113.7")).isNotEqualTo(at(NOON, SECRET).hash("203.0.113.7"));
    }

    @Test
    void candidatesAfterMidnightIncludeYesterdaysHashSoABlockSurvivesTheKeyChange() {
        String madeBeforeMidnight = at(Instant.parse("2026-11-21T23:50:00Z"), SECRET).hash("198.51.100.1");
        assertThat(at(Instant.parse("2026-11-22T00:10:00Z"), SECRET).candidates("198.51.100.1"))
                .hasSize(2).contains(madeBeforeMidnight);
    }

    @Test
    void anIpv6BlockCoversTheWholeSlash64AndMappedAddressesCountAsIpv4() {
        AddressHashes hashes = at(NOON, SECRET);
        assertThat(hashes.hash("2001:db8:1:2::7")).isEqualTo(hashes.hash("2001:db8:1:2:ffff::1"));
        assertThat(hashes.hash("2001:db8:1:3::7")).isNotEqualTo(hashes.hash("2001:db8:1:2::7"));
        assertThat(hashes.hash("::ffff:198.51.100.1")).isEqualTo(hashes.hash("198.51.100.1"));
        assertThat(AddressHashes.blockKey("not an address")).isEqualTo("not an address");
    }

    @Test
    void aNetworkIsWhatABlockCoversInTheFormOfAnId() {
        AddressHashes hashes = at(NOON, SECRET);
        assertThat(hashes.network("198.51.100.1")).isEqualTo(hashes.hash("198.51.100.1")).matches(Ids.FORMAT);
        assertThat(hashes.network("2001:db8:1:2::7")).isEqualTo(hashes.network("2001:db8:1:2:ffff::1"))
                .isNotEqualTo(hashes.network("2001:db8:1:3::7"));
    }
}
