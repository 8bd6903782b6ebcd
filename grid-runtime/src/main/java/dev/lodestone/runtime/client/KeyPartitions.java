package dev.lodestone.runtime.client;

import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * The partition of an affinity key, remembered for recently used keys of a few immutable types.
 *
 * <p>Hazelcast finds a key's partition by serializing the key and hashing the bytes: about 150 ns on a quiet
 * thread, 300 ns on a submitting thread at 400,000 tasks a second, a third of that thread's time. A job sends many
 * tasks to the same keys, and a key's partition never changes while the cluster's partition count does not, so a
 * direct-mapped table of the last key seen in each slot answers those in the time of a hash and an equals.
 *
 * <p>Only {@link String}, {@link Integer}, {@link Long} and {@link UUID} keys are remembered: they are immutable and
 * their equality is that of their serialized form, which is what Hazelcast hashes. A user's key class might be equal
 * to another whose bytes differ, or change after it was remembered; those are always asked of Hazelcast.
 *
 * <p>THREADING: thread-safe without locks. A slot holds an immutable entry; a racing writer may replace another's
 * entry, which costs a later lookup a miss, never a wrong answer.
 */
final class KeyPartitions {

    /** Slots in the table: 4,096 entries of about 40 bytes, enough for the hot keys of a job. */
    static final int SLOTS = 4_096;

    private record Entry(Object key, int partition) { }

    private final Entry[] slots = new Entry[SLOTS];
    private final ToIntFunction<Object> lookup;

    /** @param lookup asks the cluster for a key's partition (Hazelcast's partition service) */
    KeyPartitions(ToIntFunction<Object> lookup) {
        this.lookup = lookup;
    }

    /** The partition of {@code key}, from the table when the key was seen in its slot last, else from the lookup. */
    int partitionOf(Object key) {
        if (!remembered(key)) {
            return lookup.applyAsInt(key);
        }
        int slot = spread(key.hashCode()) & (SLOTS - 1);
        Entry e = slots[slot];
        if (e != null && e.key.equals(key)) {
            return e.partition;
        }
        int partition = lookup.applyAsInt(key);
        slots[slot] = new Entry(key, partition);
        return partition;
    }

    private static boolean remembered(Object key) {
        Class<?> c = key.getClass();
        return c == String.class || c == Integer.class || c == Long.class || c == UUID.class;
    }

    /** Mixes the high bits in: small integer keys and strings that differ in their last characters spread evenly. */
    private static int spread(int h) {
        return h ^ (h >>> 16) ^ (h >>> 8);
    }
}
