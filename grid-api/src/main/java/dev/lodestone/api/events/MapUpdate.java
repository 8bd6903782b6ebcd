package dev.lodestone.api.events;

/**
 * One change of a map entry, as the event bus carries it for a map created with
 * {@link dev.lodestone.api.data.MapOptions#withUpdateEvents()}. Changes of one key reach every subscriber in the
 * order they were made.
 *
 * <pre>{@code
 * grid.events().<String, Double>mapUpdates("prices").subscribe(e -> {
 *     MapUpdate<String, Double> u = e.payload();
 *     System.out.println(u.kind() + " " + u.key() + ": " + u.oldValue() + " -> " + u.newValue());
 * });
 * }</pre>
 *
 * @param map      the map's name
 * @param key      the entry's key
 * @param kind     what happened
 * @param oldValue the value before (null for ADDED)
 * @param newValue the value after (null when removed, expired or evicted)
 * @param <K>      the key type
 * @param <V>      the value type
 */
public record MapUpdate<K, V>(String map, K key, UpdateKind kind, V oldValue, V newValue) {
}
