package dev.ghostline.protocol.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Random 128-bit identifiers as 32 lowercase hex characters (safe in NATS subjects). */
public final class Ids {
    public static final int BYTES = 16;
    public static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    public static String random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    static byte[] toBytes(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("not an id");
        }
        return HEX.parseHex(id);
    }

    static String fromBytes(byte[] bytes, int offset) {
        return HEX.formatHex(bytes, offset, offset + BYTES);
    }
}
