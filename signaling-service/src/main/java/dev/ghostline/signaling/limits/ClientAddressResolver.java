package dev.ghostline.signaling.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a client's IP address: the socket's peer, or, only when that peer is a trusted proxy, the
 * right-most untrusted address in X-Forwarded-For. The result lives in the connection's memory only.
 */
public final class ClientAddressResolver {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private final List<Cidr> trustedProxies;

    public ClientAddressResolver(List<String> trustedProxies) {
        this.trustedProxies = new ArrayList<>();
        for (String entry : trustedProxies) {
            this.trustedProxies.add(Cidr.parse(entry.trim()));
        }
    }

    /**
     * @param socketPeer the socket's peer as {@code host:port} or a bare address
     * @param forwardedFor every X-Forwarded-For header value, in order
     */
    public String resolve(String socketPeer, List<String> forwardedFor) {
        // One spelling per address (the socket and the header may write an IPv6 address differently).
        String peer = literal(stripPort(socketPeer)).map(InetAddress::getHostAddress).orElse(stripPort(socketPeer));
        if (!isTrusted(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                return peer;
            }
            if (!isTrusted(hop.get())) {
                return hop.get().getHostAddress();
            }
        }
        return hops.isEmpty() ? peer : hops.get(0);
    }

    private boolean isTrusted(String address) {
        return literal(address).map(this::isTrusted).orElse(false);
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static String stripPort(String hostPort) {
        if (hostPort == null) {
            return "";
        }
        String value = hostPort.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(1, end) : value;
        }
        int colons = value.length() - value.replace(":", "").length();
        if (colons == 1) {
            return value.substring(0, value.indexOf(':'));
        }
        if (colons > 1 && literal(value).isEmpty()) {
            return value.substring(0, value.lastIndexOf(':'));
        }
        return value;
    }

    /**
     * Whether a resolved client address is one on the internet, as opposed to this machine's own (a browser
     * beside the pod, as under {@code ./ghostline up} and in the tests), a private or link-local one (a LAN, or
     * the ingress's own address when the trusted proxies are set wrong): only a public address stands for a
     * network that one person controls and many do not share by accident.
     */
    public static boolean isPublic(String address) {
        return address != null && literal(address).map(ClientAddressResolver::isPublic).orElse(false);
    }

    private static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        // IPv6 unique local addresses (fc00::/7), the IPv6 counterpart of the private ranges.
        return !(bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc);
    }

    /** Parses an IP literal without ever doing a DNS lookup. */
    static Optional<InetAddress> literal(String text) {
        if (text == null || !IP_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address block such as {@code 10.0.0.0/8}, {@code fd00::/8} or a single address. */
    record Cidr(byte[] network, int prefixBits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = literal(address)
                    .orElseThrow(() -> new IllegalArgumentException("trusted proxy is not an IP or CIDR"));
            byte[] bytes = parsed.getAddress();
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("CIDR prefix out of range");
            }
            return new Cidr(bytes, bits);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
