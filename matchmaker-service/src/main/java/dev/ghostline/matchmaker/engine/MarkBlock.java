package dev.ghostline.matchmaker.engine;

import java.util.Arrays;

/**
 * A fixed number of consecutive session marks, in primitive arrays only: the session id's characters are
 * copied in (one byte each when they all fit, else two), so a block holds no reference the garbage collector
 * must follow and keeps no session id string alive. {@link SessionMarks} fills blocks in order and reuses a
 * block whole once all its marks are forgotten.
 */
final class MarkBlock {
    static final int SIZE_BITS = 12;
    static final int SIZE = 1 << SIZE_BITS;
    /** Session ids are 32 characters; room for a few more before the key bytes must grow. */
    private static final int KEY_BYTES_PER_MARK = 36;
    private static final byte CLOSED = 1;
    /** A later mark of the same session replaced this one; it only waits to be dropped with its block. */
    private static final byte REPLACED = 2;
    /** The key is stored as two bytes per character (some character is above U+00FF). */
    private static final byte WIDE = 4;

    private final int[] hashes = new int[SIZE];
    private final long[] joinSeqs = new long[SIZE];
    private final long[] forgetAtMillis = new long[SIZE];
    private final byte[] flags = new byte[SIZE];
    /** Mark i's key is keyBytes[keyStarts[i], keyStarts[i + 1]). */
    private final int[] keyStarts = new int[SIZE + 1];
    private byte[] keyBytes = new byte[SIZE * KEY_BYTES_PER_MARK];
    private int count;

    /** Empties the block for reuse; its arrays are kept. */
    void clear() {
        count = 0;
    }

    /** Adds a mark after the last one; the caller ensures there is room. */
    void append(String session, int hash, long joinSeq, boolean closed, long forgetAt) {
        int index = count++;
        hashes[index] = hash;
        joinSeqs[index] = joinSeq;
        forgetAtMillis[index] = forgetAt;
        boolean wide = !isLatin1(session);
        flags[index] = (byte) ((closed ? CLOSED : 0) | (wide ? WIDE : 0));
        keyStarts[index + 1] = writeKey(keyStarts[index], session, wide);
    }

    int hash(int index) {
        return hashes[index];
    }

    long joinSeq(int index) {
        return joinSeqs[index];
    }

    long forgetAtMillis(int index) {
        return forgetAtMillis[index];
    }

    boolean closed(int index) {
        return (flags[index] & CLOSED) != 0;
    }

    boolean replaced(int index) {
        return (flags[index] & REPLACED) != 0;
    }

    void markReplaced(int index) {
        flags[index] |= REPLACED;
    }

    /** Whether mark {@code index} is for {@code session}. Equal strings always have equal encodings. */
    boolean isFor(int index, String session) {
        int start = keyStarts[index];
        int length = keyStarts[index + 1] - start;
        if ((flags[index] & WIDE) == 0) {
            if (length != session.length()) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if ((keyBytes[start + i] & 0xFF) != session.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        if (length != 2 * session.length()) {
            return false;
        }
        for (int i = 0; i < session.length(); i++) {
            if (wideCharAt(start + 2 * i) != session.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int writeKey(int start, String session, boolean wide) {
        int length = wide ? 2 * session.length() : session.length();
        if (start + length > keyBytes.length) {
            keyBytes = Arrays.copyOf(keyBytes, Math.max(2 * keyBytes.length, start + length));
        }
        for (int i = 0; i < session.length(); i++) {
            char c = session.charAt(i);
            if (wide) {
                keyBytes[start + 2 * i] = (byte) (c >>> 8);
                keyBytes[start + 2 * i + 1] = (byte) c;
            } else {
                keyBytes[start + i] = (byte) c;
            }
        }
        return start + length;
    }

    private char wideCharAt(int offset) {
        return (char) (((keyBytes[offset] & 0xFF) << 8) | (keyBytes[offset + 1] & 0xFF));
    }

    private static boolean isLatin1(String session) {
        for (int i = 0; i < session.length(); i++) {
            if (session.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }
}
