package dev.ghostline.matchmaker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SessionMarks} against the obvious model, a {@link LinkedHashMap} in put order, through enough marks to
 * grow and shrink the index, fill, reuse and add blocks, and with keys whose hashes collide.
 */
class SessionMarksTest {
    private record Mark(long joinSeq, boolean closed, long forgetAt) {
    }

    private final SessionMarks marks = new SessionMarks();
    private final LinkedHashMap<String, Mark> model = new LinkedHashMap<>();

    @ParameterizedTest
    @ValueSource(longs = {3, 99, 2_026})
    void behavesLikeAnInsertionOrderedMapWithExpiry(long seed) {
        Random random = new Random(seed);
        List<String> keys = keys(random, 60_000);
        long now = 0;
        int mostHeld = 0;
        for (int step = 0; step < 300_000; step++) {
            // Bursts (tens of thousands of marks held, several blocks) and quiet spells (almost none held),
            // so the index grows and shrinks and blocks are filled, passed and reused.
            boolean burst = (step / 50_000) % 2 == 0;
            now += burst ? (random.nextInt(20) == 0 ? 1 : 0) : random.nextInt(6);
            String key = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(10) < 6) {
                put(key, random.nextInt(5), random.nextBoolean(), now + 3_000);
            } else {
                forgetUntil(now);
            }
            checkFound(key);
            mostHeld = Math.max(mostHeld, marks.size());
            if (step % 10_007 == 0) {
                checkAll(keys);
            }
        }
        assertThat(mostHeld).as("marks held at the peak").isGreaterThan(4 * MarkBlock.SIZE);
        forgetUntil(Long.MAX_VALUE);
        checkAll(keys);
        assertThat(marks.size()).isZero();
    }

    @Test
    void keysWithEqualHashesOrEqualBytesStayApart() {
        // "Aa" and "BB" have the same String hash; "\u0100" and "\u0001\u0000" would encode to the same bytes.
        List<String> keys = List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "", "\u0100", "\u0001\u0000",
                "\u00ff", "caf\u00e9", "caf\u0065\u0301", "\ud83d\ude00");
        for (int i = 0; i < keys.size(); i++) {
            put(keys.get(i), i, i % 2 == 0, 100 + i);
        }
        checkAll(keys);
        assertThat("".hashCode()).as("a key hashing to 0 is held like any other").isZero();

        forgetUntil(105);
        checkAll(keys);
        put("BB", 42, true, 200);
        forgetUntil(120);
        checkAll(keys);
        assertThat(marks.size()).isEqualTo(1);
    }

    @Test
    void aLongKeyGrowsItsBlocksKeySpace() {
        String longKey = "x".repeat(100_000);
        String wideKey = "\u0416".repeat(100_000);
        for (int i = 0; i < MarkBlock.SIZE; i++) {
            put("s" + i, i, false, 1);
        }
        put(longKey, 1, true, 2);
        put(wideKey, 2, false, 2);
        put(longKey + "y", 3, false, 2);
        checkAll(List.of(longKey, wideKey, longKey + "y", longKey.substring(1), "s0", "s" + (MarkBlock.SIZE - 1)));

        forgetUntil(1);
        checkAll(List.of(longKey, wideKey, "s0"));
        assertThat(marks.size()).isEqualTo(3);
    }

    private void put(String key, long joinSeq, boolean closed, long forgetAt) {
        marks.put(key, joinSeq, closed, forgetAt);
        model.remove(key);
        model.put(key, new Mark(joinSeq, closed, forgetAt));
    }

    private void forgetUntil(long now) {
        marks.forgetUntil(now);
        Iterator<Map.Entry<String, Mark>> oldestFirst = model.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().forgetAt() <= now) {
            oldestFirst.remove();
        }
    }

    private void checkAll(List<String> keys) {
        for (String key : keys) {
            checkFound(key);
        }
        assertThat(marks.size()).isEqualTo(model.size());
    }

    private void checkFound(String key) {
        Mark expected = model.get(key);
        int slot = marks.find(key);
        if (expected == null) {
            assertThat(slot).as("no mark for %s", key).isEqualTo(SessionMarks.NOT_FOUND);
            return;
        }
        assertThat(slot).as("a mark for %s", key).isNotEqualTo(SessionMarks.NOT_FOUND);
        assertThat(marks.joinSeq(slot)).isEqualTo(expected.joinSeq());
        assertThat(marks.closed(slot)).isEqualTo(expected.closed());
    }

    /** Mostly distinct ids, plus families of keys with equal String hashes. */
    private static List<String> keys(Random random, int count) {
        List<String> keys = new ArrayList<>(count);
        String[] collide = {"Aa", "BB"};
        for (int i = 0; keys.size() < count; i++) {
            if (i % 10 == 0) {
                StringBuilder key = new StringBuilder("c");
                for (int bit = 0; bit < 8; bit++) {
                    key.append(collide[random.nextInt(2)]);
                }
                keys.add(key.toString());
            } else {
                keys.add(Long.toHexString(random.nextLong()) + (i % 7 == 0 ? "\u0416" : ""));
            }
        }
        return keys;
    }
}
