package dev.lodestone.api.data;

/**
 * How a distributed map is kept.
 *
 * <pre>{@code
 * grid.createMap("ratings", MapOptions.defaults().withBackups(2));
 * }</pre>
 *
 * @param backups      how many members hold a copy of each partition besides its owner (0..6)
 * @param updateEvents whether every change of an entry is published on the event bus
 *                     ({@link dev.lodestone.api.events.EventBus#mapUpdates(String)})
 */
public record MapOptions(int backups, boolean updateEvents) {

    /** Checks the values. */
    public MapOptions {
        if (backups < 0 || backups > 6) {
            throw new IllegalArgumentException("map backups must be 0..6, got " + backups);
        }
    }

    /** One synchronous backup, no update events. */
    public static MapOptions defaults() {
        return new MapOptions(1, false);
    }

    /** A copy with this backup count. */
    public MapOptions withBackups(int n) {
        return new MapOptions(n, updateEvents);
    }

    /**
     * A copy whose map publishes each added, updated, removed or expired entry, with its old and new value, on the
     * event bus. Costs one write to the map's update topic per change.
     *
     * <pre>{@code
     * grid.createMap("ratings", MapOptions.defaults().withUpdateEvents());
     * grid.events().<Integer, Double>mapUpdates("ratings").subscribe(e -> refresh(e.payload().key()));
     * }</pre>
     */
    public MapOptions withUpdateEvents() {
        return new MapOptions(backups, true);
    }
}
