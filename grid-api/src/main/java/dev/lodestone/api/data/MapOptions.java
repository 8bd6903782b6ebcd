package dev.lodestone.api.data;

/**
 * How a distributed map is kept.
 *
 * <pre>{@code
 * grid.createMap("ratings", MapOptions.defaults().withBackups(2));
 * }</pre>
 *
 * @param backups how many members hold a copy of each partition besides its owner (0..6)
 */
public record MapOptions(int backups) {

    /** Checks the values. */
    public MapOptions {
        if (backups < 0 || backups > 6) {
            throw new IllegalArgumentException("map backups must be 0..6, got " + backups);
        }
    }

    /** One synchronous backup. */
    public static MapOptions defaults() {
        return new MapOptions(1);
    }

    /** A copy with this backup count. */
    public MapOptions withBackups(int n) {
        return new MapOptions(n);
    }
}
