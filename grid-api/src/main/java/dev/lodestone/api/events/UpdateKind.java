package dev.lodestone.api.events;

/**
 * What happened to a map entry.
 *
 * <pre>{@code
 * if (e.payload().kind() == UpdateKind.REMOVED) { forget(e.payload().key()); }
 * }</pre>
 */
public enum UpdateKind {
    /** A new key. */
    ADDED,
    /** A new value for an existing key. */
    UPDATED,
    /** Removed by a caller. */
    REMOVED,
    /** Removed because its time to live ran out. */
    EXPIRED,
    /** Removed to make room. */
    EVICTED
}
