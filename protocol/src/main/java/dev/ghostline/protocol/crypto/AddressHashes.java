package dev.ghostline.protocol.crypto;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keyed hashes of client network addresses, the only form in which an address ever leaves a pod's memory.
 * The HMAC key is derived from the cluster secret and changes every UTC day, so a hash cannot be reversed
 * by trying all addresses without the secret, and two hashes of one address on different days cannot be linked.
 */
public final class AddressHashes {
    /** A block made just before midnight must still hold after it, so blocks never outlive one key change. */
    public static final Duration MAX_BLOCK = Duration.ofHours(24);
    private static final int KEY_BYTES = 32;
    private static final int HASH_BYTES = 16;
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final ClusterSecret secret;
    private final Clock clock;
    private volatile DayKey cached;

    public AddressHashes(ClusterSecret secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** The address's hash under today's key: what a pod publishes when it blocks the address. */
    public String hash(String address) {
        return hash(address, today());
    }

    /**
     * The network a client connects from, as the matchmaker and the moderation service see it: the same hash
     * as a block (IPv4 alone, IPv6 as its /64) under today's key, 32 hex characters. It travels only inside the
     * cluster (wait entries) and sealed in match tickets, and is never logged.
     */
    public String network(String address) {
        return hash(address);
    }

    /** Today's and yesterday's hash: a block made yesterday under yesterday's key may still be in force. */
    public List<String> candidates(String address) {
        long day = today();
        return List.of(hash(address, day), hash(address, day - 1));
    }

    private long today() {
        return Math.floorDiv(clock.millis(), Duration.ofDays(1).toMillis());
    }

    private String hash(String address, long day) {
        byte[] mac = ClusterSecret.hmac(key(day), blockKey(address).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac, 0, HASH_BYTES);
    }

    /**
     * What a block covers: one IPv4 address, or an IPv6 /64 (a subscriber gets a whole /64 and can pick any
     * address in it). Only literals are parsed, so no name is ever looked up.
     */
    static String blockKey(String address) {
        if (address.indexOf(':') < 0 || !IPV6_LITERAL.matcher(address).matches()) {
            return address;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            byte[] bytes = parsed.getAddress();
            return bytes.length == 16 ? "v6/64:" + HexFormat.of().formatHex(bytes, 0, 8) : parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private byte[] key(long day) {
        DayKey current = cached;
        if (current != null && current.day == day) {
            return current.key;
        }
        byte[] key = secret.derive("address-block day " + day, KEY_BYTES);
        if (current == null || day > current.day) {
            cached = new DayKey(day, key);
        }
        return key;
    }

    private record DayKey(long day, byte[] key) {
    }
}
