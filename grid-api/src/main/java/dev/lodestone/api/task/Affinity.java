package dev.lodestone.api.task;

import java.util.Objects;

/**
 * Where a task's data lives: a key of a named map, or a partition of the grid.
 *
 * <pre>{@code
 * Affinity.key("users", 42);      // run where users[42] lives
 * Affinity.partition(17);         // run where partition 17 lives
 * }</pre>
 *
 * @param mapName   the map the key belongs to; for a partition affinity, optional (may be null)
 * @param key       the key, or null for a partition affinity
 * @param partition the partition id, or -1 when it is derived from {@code key}
 */
public record Affinity(String mapName, Object key, int partition) {

    /** Checks the combination. */
    public Affinity {
        if (key == null && partition < 0) {
            throw new IllegalArgumentException("an affinity needs a key or a partition id >= 0, got partition " + partition);
        }
        if (key != null) {
            Objects.requireNonNull(mapName, "an affinity key needs the name of its map");
            if (mapName.isBlank()) {
                throw new IllegalArgumentException("an affinity key needs the name of its map, got a blank name");
            }
        }
    }

    /** Affinity to the partition that holds {@code key} in map {@code mapName}. */
    public static Affinity key(String mapName, Object key) {
        return new Affinity(mapName, Objects.requireNonNull(key, "affinity key"), -1);
    }

    /** Affinity to partition {@code partition}. */
    public static Affinity partition(int partition) {
        return new Affinity(null, null, partition);
    }

    /** True when this affinity names a key, false when it names a partition. */
    public boolean hasKey() {
        return key != null;
    }
}
