package dev.ghostline.turn;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An inclusive address range as coturn's denied-peer-ip takes it ({@code a} or {@code a-b}),
 * compared numerically so "127.0.0.0-127.255.255.255" and a CIDR 127.0.0.0/8 are the same thing.
 * IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) stays a 16-byte IPv6 range: Java would otherwise
 * silently turn it into IPv4 and hide exactly the case CVE-2026-27624 is about.
 */
record AddressRange(boolean ipv6, BigInteger first, BigInteger last) {

    static AddressRange parse(String text) {
        int dash = text.indexOf('-');
        String from = dash < 0 ? text : text.substring(0, dash);
        String to = dash < 0 ? text : text.substring(dash + 1);
        boolean v6 = from.contains(":");
        if (v6 != to.contains(":")) {
            throw new IllegalArgumentException("mixed address families: " + text);
        }
        return new AddressRange(v6, number(from.strip()), number(to.strip()));
    }

    static AddressRange cidr(String text) {
        int slash = text.indexOf('/');
        String base = text.substring(0, slash);
        int prefix = Integer.parseInt(text.substring(slash + 1));
        boolean v6 = base.contains(":");
        int bits = v6 ? 128 : 32;
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger start = number(base).andNot(hostMask);
        return new AddressRange(v6, start, start.or(hostMask));
    }

    boolean covers(AddressRange other) {
        return ipv6 == other.ipv6 && first.compareTo(other.first) <= 0 && last.compareTo(other.last) >= 0;
    }

    private static BigInteger number(String address) {
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (address.contains(":") && bytes.length == 4) {
                // Undo Java's IPv4-mapped collapse: rebuild ::ffff:a.b.c.d as 16 bytes.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                bytes = mapped;
            }
            return new BigInteger(1, bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + address, e);
        }
    }
}
