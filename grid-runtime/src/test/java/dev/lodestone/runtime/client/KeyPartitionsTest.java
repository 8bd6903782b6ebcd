package dev.lodestone.runtime.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyPartitionsTest {

    /** Counts the lookups it answers; the partition is a fixed function of the key's class and string form. */
    private static final class CountingLookup {
        final List<Object> asked = new ArrayList<>();

        int partition(Object key) {
            asked.add(key);
            return expected(key);
        }

        static int expected(Object key) {
            return Math.floorMod((key.getClass().getName() + key).hashCode(), 271);
        }
    }

    @Test
    void aKeySeenBeforeIsAnsweredWithoutTheLookup() {
        CountingLookup lookup = new CountingLookup();
        KeyPartitions partitions = new KeyPartitions(lookup::partition);

        int first = partitions.partitionOf("user-42");
        int again = partitions.partitionOf(new String("user-42")); // equal, not the same instance

        assertEquals(first, again);
        assertEquals(List.of("user-42"), lookup.asked);
    }

    @Test
    void immutableKeyTypesAreRememberedOthersAreAlwaysAsked() {
        CountingLookup lookup = new CountingLookup();
        KeyPartitions partitions = new KeyPartitions(lookup::partition);
        UUID uuid = UUID.randomUUID();
        List<String> mutable = new ArrayList<>(List.of("a"));

        for (int i = 0; i < 2; i++) {
            partitions.partitionOf(7);
            partitions.partitionOf(123_456_789_012L);
            partitions.partitionOf(uuid);
            partitions.partitionOf(mutable);
        }

        assertEquals(List.of(7, 123_456_789_012L, uuid, mutable, mutable), lookup.asked);
    }

    @Test
    void equalHashesOfDifferentTypesAreDifferentKeys() {
        CountingLookup lookup = new CountingLookup();
        KeyPartitions partitions = new KeyPartitions(lookup::partition);

        // Integer 7 and Long 7 hash alike and share a slot: each evicts the other, neither answers for the other.
        for (int i = 0; i < 2; i++) {
            assertEquals(CountingLookup.expected(7), partitions.partitionOf(7));
            assertEquals(CountingLookup.expected(7L), partitions.partitionOf(7L));
        }
        assertEquals(List.of(7, 7L, 7, 7L), lookup.asked);
    }

    @Test
    void keysSharingASlotEachGetTheirOwnPartition() {
        CountingLookup lookup = new CountingLookup();
        KeyPartitions partitions = new KeyPartitions(lookup::partition);

        // Many more keys than slots: collisions replace entries, and every answer still matches the lookup's.
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 3 * KeyPartitions.SLOTS; k++) {
                String key = "k" + k;
                assertEquals(CountingLookup.expected(key), partitions.partitionOf(key), key);
            }
        }
    }
}
