package dev.lodestone.runtime.member;

import java.util.ArrayList;
import java.util.List;

/**
 * A concurrent map from a task's sequence to a value: what a {@code ConcurrentHashMap<Long, V>} would do
 * for a client session's tasks not yet answered, without its node and boxed key per task.
 *
 * <p>Design note. A member may hold a million queued tasks of one client, and every one sat in this map
 * as two extra objects (a 32-byte node and a 24-byte {@code Long}) that each young collection copied until
 * they were promoted, beside the task itself. Here a task costs two array slots of an open-addressing
 * table (a {@code long} key and the reference) at a load of at most one half: about 24 bytes and no object.
 * Deletion shifts the entries behind back (no tombstones), so the table stays as full as its live tasks;
 * it shrinks when a backlog drains.
 *
 * <p>THREADING: safe for any threads. The table is split into stripes by a hash of the sequence, each
 * guarded by its own monitor; the reader thread (put, get) and the workers (remove) rarely meet in one.
 * {@link #snapshot} copies stripe by stripe, so it sees each stripe at one moment, not the whole map.
 */
final class SequenceMap<V> {

    private static final int STRIPES = 16;
    private static final int MIN_SLOTS = 16;
    /**
     * A stripe that grew past this many slots shrinks back to it, not below: tasks arrive in frames of hundreds and
     * leave as they run, so a stripe that shrank whenever it emptied grew again with the next frame, and those
     * resizes were a sixth of what a member allocated at 424,000 tasks a second. 256 slots cost 3 KB per stripe.
     */
    private static final int SHRINK_FLOOR = 256;

    @SuppressWarnings("unchecked") // generic array creation; it never leaves this object
    private final Stripe<V>[] stripes = (Stripe<V>[]) new Stripe<?>[STRIPES];

    SequenceMap() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe<>();
        }
    }

    /** Sequences are consecutive; spread them so that neither the stripe nor the slot follows the low bits alone. */
    private static long mix(long seq) {
        long h = seq * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private Stripe<V> stripe(long h) {
        return stripes[(int) (h >>> 60) & (STRIPES - 1)];
    }

    /** Adds or replaces the task at {@code seq}. */
    void put(long seq, V task) {
        long h = mix(seq);
        stripe(h).put(seq, h, task);
    }

    /** The task at {@code seq}, or null. */
    V get(long seq) {
        long h = mix(seq);
        return stripe(h).get(seq, h);
    }

    /** Removes and returns the task at {@code seq}, or null if there was none. */
    V remove(long seq) {
        long h = mix(seq);
        return stripe(h).remove(seq, h);
    }

    /** Puts {@code task} at {@code seq} only if {@code expected} is there now (by identity); true if it did. */
    boolean replace(long seq, V expected, V task) {
        long h = mix(seq);
        return stripe(h).replace(seq, h, expected, task);
    }

    /** The tasks held, each stripe as it was when copied. */
    List<V> snapshot() {
        List<V> out = new ArrayList<>();
        for (Stripe<V> s : stripes) {
            s.copyTo(out);
        }
        return out;
    }

    /** How many tasks are held. */
    int size() {
        int n = 0;
        for (Stripe<V> s : stripes) {
            n += s.size();
        }
        return n;
    }

    void clear() {
        for (Stripe<V> s : stripes) {
            s.clear();
        }
    }

    /** One part of the table: linear probing over a power-of-two table, a null value marking a free slot. */
    private static final class Stripe<V> {
        private long[] keys = new long[MIN_SLOTS];
        private Object[] values = new Object[MIN_SLOTS];
        private int size;

        synchronized void put(long seq, long h, V task) {
            int i = find(seq, h);
            if (values[i] != null) {
                values[i] = task;
                return;
            }
            keys[i] = seq;
            values[i] = task;
            if (++size * 2 > values.length) {
                resize(values.length * 2);
            }
        }

        synchronized V get(long seq, long h) {
            return value(find(seq, h));
        }

        synchronized V remove(long seq, long h) {
            int i = find(seq, h);
            V old = value(i);
            if (old != null) {
                delete(i);
            }
            return old;
        }

        synchronized boolean replace(long seq, long h, V expected, V task) {
            int i = find(seq, h);
            if (values[i] != expected || expected == null) {
                return false;
            }
            values[i] = task;
            return true;
        }

        synchronized void copyTo(List<V> out) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    out.add(value(i));
                }
            }
        }

        @SuppressWarnings("unchecked") // only put() stores values, and it stores V
        private V value(int i) {
            return (V) values[i];
        }

        synchronized int size() {
            return size;
        }

        synchronized void clear() {
            keys = new long[MIN_SLOTS];
            values = new Object[MIN_SLOTS];
            size = 0;
        }

        /** The slot holding {@code seq}, or the free slot where it would go. */
        private int find(long seq, long h) {
            int mask = values.length - 1;
            int i = (int) h & mask;
            while (values[i] != null && keys[i] != seq) {
                i = (i + 1) & mask;
            }
            return i;
        }

        /** Frees slot {@code i} and moves back every entry of the run after it that may sit closer to its home slot. */
        private void delete(int i) {
            int mask = values.length - 1;
            values[i] = null;
            size--;
            int gap = i;
            for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
                int home = (int) mix(keys[j]) & mask;
                // the entry at j may move into the gap only if its home is not in (gap, j], cyclically
                boolean homeBetween = gap <= j ? gap < home && home <= j : gap < home || home <= j;
                if (!homeBetween) {
                    keys[gap] = keys[j];
                    values[gap] = values[j];
                    values[j] = null;
                    gap = j;
                }
            }
            if (values.length > SHRINK_FLOOR && size * 8 < values.length) {
                resize(values.length / 2);
            }
        }

        private void resize(int slots) {
            long[] oldKeys = keys;
            Object[] oldValues = values;
            keys = new long[slots];
            values = new Object[slots];
            int mask = slots - 1;
            for (int k = 0; k < oldValues.length; k++) {
                if (oldValues[k] != null) {
                    int i = (int) mix(oldKeys[k]) & mask;
                    while (values[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[k];
                    values[i] = oldValues[k];
                }
            }
        }
    }
}
