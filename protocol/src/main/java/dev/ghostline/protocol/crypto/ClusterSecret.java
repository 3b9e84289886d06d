package dev.ghostline.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every Ghostline service shares. Purpose-specific keys are derived from it with HKDF-SHA256
 * (RFC 5869), so a token key can never open a ticket and vice versa.
 */
public final class ClusterSecret {
    /** At least 32 characters: the secret is typically 32+ random bytes, base64-encoded, from a Kubernetes Secret. */
    public static final int MIN_LENGTH = 32;
    private static final byte[] SALT = "ghostline cluster secret v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] pseudoRandomKey;

    private ClusterSecret(byte[] pseudoRandomKey) {
        this.pseudoRandomKey = pseudoRandomKey;
    }

    public static ClusterSecret of(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("cluster secret must be at least " + MIN_LENGTH + " characters");
        }
        return new ClusterSecret(hmac(SALT, secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** HKDF-Expand of the secret for one purpose. */
    public byte[] derive(String purpose, int length) {
        if (length > 255 * 32) {
            throw new IllegalArgumentException("length too large");
        }
        byte[] info = purpose.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            byte[] input = new byte[block.length + info.length + 1];
            System.arraycopy(block, 0, input, 0, block.length);
            System.arraycopy(info, 0, input, block.length, info.length);
            input[input.length - 1] = (byte) counter;
            block = hmac(pseudoRandomKey, input);
            int n = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, n);
            written += n;
        }
        return out;
    }

    /** Constant-time equality for secrets such as API keys. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSecret other && MessageDigest.isEqual(pseudoRandomKey, other.pseudoRandomKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pseudoRandomKey);
    }
}
