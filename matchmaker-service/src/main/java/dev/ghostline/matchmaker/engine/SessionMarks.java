package dev.ghostline.matchmaker.engine;

/**
 * Session id to its latest mark (join sequence, closed or not, when to forget it), oldest first, for millions
 * of marks at little cost to the garbage collector: nothing here is an object per mark.
 *
 * <p>Marks are numbered in the order they are put, and stored in that order in {@link MarkBlock}s of
 * {@link MarkBlock#SIZE}. Putting a session again adds a new mark and flags the old one as replaced, so the
 * oldest mark is always at the head. Forgetting walks from the head; a block whose marks are all behind the
 * head is cleared and reused for new marks.
 *
 * <p>The index is one {@code long[]} with linear probing: each slot holds a mark's key hash (high half) and
 * the low 32 bits of its number (low half), 0 for an empty slot. Comparing hashes in the slot avoids reading
 * the block for almost every probe that misses. Fewer than 2<sup>32</sup> marks are ever held, so the low bits
 * name one mark. Slots are removed by shifting later ones back (no tombstones), keeping probes short.
 * Unlike a {@code HashMap}, nothing here bounds a long run of equal hashes; session ids are random ids made by
 * the signaling pods, never chosen by clients, so nobody can line up colliding ones.
 */
final class SessionMarks {
    static final int NOT_FOUND = -1;
    private static final int BLOCK_MASK = MarkBlock.SIZE - 1;
    private static final int MIN_SLOTS = 1 << 10;

    private long[] slots = new long[MIN_SLOTS];
    /** Block of mark number n: blocks[(n >>> SIZE_BITS) & (blocks.length - 1)]. */
    private MarkBlock[] blocks = new MarkBlock[4];
    /** A cleared block kept for the next one needed, so a steady flow of marks allocates nothing. */
    private MarkBlock spare;
    /** Number of the oldest mark held, and of the next mark to be put. */
    private long head;
    private long tail;
    /** Marks not replaced, i.e. occupied slots. */
    private int size;

    int size() {
        return size;
    }

    /** The slot of {@code session}'s mark, or {@link #NOT_FOUND}. Valid until the next change. */
    int find(String session) {
        int hash = hashOf(session);
        int mask = slots.length - 1;
        for (int slot = home(hash); slots[slot] != 0; slot = (slot + 1) & mask) {
            if (hashIn(slots[slot]) == hash && isFor(markIn(slots[slot]), session)) {
                return slot;
            }
        }
        return NOT_FOUND;
    }

    long joinSeq(int slot) {
        long mark = markIn(slots[slot]);
        return blockOf(mark).joinSeq(indexOf(mark));
    }

    boolean closed(int slot) {
        long mark = markIn(slots[slot]);
        return blockOf(mark).closed(indexOf(mark));
    }

    /** Makes this the session's mark, replacing any earlier one; {@code forgetAt} must not decrease. */
    void put(String session, long joinSeq, boolean closed, long forgetAt) {
        if (2 * (size + 1) > slots.length) {
            reindex(2 * slots.length);
        }
        int hash = hashOf(session);
        int slot = find(session);
        if (slot == NOT_FOUND) {
            slot = freeSlotFor(hash);
            size++;
        } else {
            long replaced = markIn(slots[slot]);
            blockOf(replaced).markReplaced(indexOf(replaced));
        }
        long mark = append(session, hash, joinSeq, closed, forgetAt);
        slots[slot] = slotValue(hash, mark);
    }

    /** Forgets every mark whose forget time is {@code nowMillis} or earlier. */
    void forgetUntil(long nowMillis) {
        while (head < tail) {
            MarkBlock block = blockOf(head);
            int index = indexOf(head);
            if (!block.replaced(index)) {
                if (block.forgetAtMillis(index) > nowMillis) {
                    break;
                }
                removeSlot(slotOf(head));
                size--;
            }
            head++;
            if (indexOf(head) == 0) {
                release(block);
            }
        }
        if (slots.length > MIN_SLOTS && 16 * size < slots.length) {
            reindex(slots.length / 2);
        }
    }

    private long append(String session, int hash, long joinSeq, boolean closed, long forgetAt) {
        long mark = tail++;
        if (indexOf(mark) == 0) {
            startBlock(mark);
        }
        blockOf(mark).append(session, hash, joinSeq, closed, forgetAt);
        return mark;
    }

    private void startBlock(long firstMark) {
        long heldBlocks = (firstMark >>> MarkBlock.SIZE_BITS) - (head >>> MarkBlock.SIZE_BITS) + 1;
        if (heldBlocks > blocks.length) {
            growBlocks(firstMark);
        }
        MarkBlock block = spare != null ? spare : new MarkBlock();
        spare = null;
        blocks[blockPosition(firstMark)] = block;
    }

    /** The head has just left {@code block}: none of its marks is needed any more. */
    private void release(MarkBlock block) {
        blocks[blockPosition(head - 1)] = null;
        block.clear();
        spare = block;
    }

    /** Doubles the block ring, keeping the blocks held before the one that starts at {@code end}. */
    private void growBlocks(long end) {
        MarkBlock[] grown = new MarkBlock[2 * blocks.length];
        for (long first = head & ~BLOCK_MASK; first < end; first += MarkBlock.SIZE) {
            grown[(int) ((first >>> MarkBlock.SIZE_BITS) & (grown.length - 1))] = blockOf(first);
        }
        blocks = grown;
    }

    /**
     * Moves every occupied slot into a new index of {@code slotCount} slots. Taking them in slot order keeps
     * the writes nearly sequential: a slot's home in the new index is its old home scaled by the size change.
     */
    private void reindex(int slotCount) {
        long[] old = slots;
        slots = new long[slotCount];
        for (long value : old) {
            if (value != 0) {
                slots[freeSlotFor(hashIn(value))] = value;
            }
        }
    }

    private int freeSlotFor(int hash) {
        int mask = slots.length - 1;
        int slot = home(hash);
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private int slotOf(long mark) {
        int mask = slots.length - 1;
        int slot = home(blockOf(mark).hash(indexOf(mark)));
        while ((int) slots[slot] != (int) mark) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Empties {@code slot}, moving back later slots of the run that would no longer be found past the gap. */
    private void removeSlot(int slot) {
        int mask = slots.length - 1;
        int gap = slot;
        for (int next = (slot + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            int distanceFromHome = (next - home(hashIn(slots[next]))) & mask;
            if (distanceFromHome >= ((next - gap) & mask)) {
                slots[gap] = slots[next];
                gap = next;
            }
        }
        slots[gap] = 0;
    }

    private boolean isFor(long mark, String session) {
        return blockOf(mark).isFor(indexOf(mark), session);
    }

    /** The full number of the mark whose low 32 bits a slot holds: the one between head and tail. */
    private long markIn(long slotValue) {
        return head + (((int) slotValue - (int) head) & 0xFFFF_FFFFL);
    }

    private MarkBlock blockOf(long mark) {
        return blocks[blockPosition(mark)];
    }

    private int blockPosition(long mark) {
        return (int) ((mark >>> MarkBlock.SIZE_BITS) & (blocks.length - 1));
    }

    private static int indexOf(long mark) {
        return (int) (mark & BLOCK_MASK);
    }

    /** Fibonacci hashing: spreads the hash's bits over the slot index. */
    private int home(int hash) {
        return (hash * 0x9E37_79B9) >>> Integer.numberOfLeadingZeros(slots.length - 1);
    }

    private static int hashIn(long slotValue) {
        return (int) (slotValue >>> 32);
    }

    private static long slotValue(int hash, long mark) {
        return ((long) hash << 32) | (mark & 0xFFFF_FFFFL);
    }

    /** Never 0, so that no slot value is 0 (empty). */
    private static int hashOf(String session) {
        int hash = session.hashCode();
        return hash == 0 ? 1 : hash;
    }
}
