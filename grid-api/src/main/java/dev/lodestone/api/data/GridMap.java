package dev.lodestone.api.data;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A distributed map, split into partitions held by the members, each with backups on other
 * members. Keys and values are serialized with Kryo (register their classes) or as JDK basic types.
 *
 * <pre>{@code
 * GridMap<Integer, String> lines = grid.createMap("lines");
 * lines.putAll(Map.of(1, "a b", 2, "c"));
 * String first = lines.get(1);
 * }</pre>
 *
 * <p>THREADING: thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface GridMap<K, V> {

    /** The map's name. */
    String name();

    /** The value for {@code key}, or null. */
    V get(K key);

    /** The values for these keys; absent keys are left out. */
    Map<K, V> getAll(Set<K> keys);

    /** Stores the value and returns the previous one, or null. */
    V put(K key, V value);

    /** Stores the value without returning the previous one (cheaper than {@link #put}). */
    void set(K key, V value);

    /** Stores the value asynchronously. */
    CompletableFuture<Void> setAsync(K key, V value);

    /** Stores all entries, grouped per member in as few calls as possible. */
    void putAll(Map<? extends K, ? extends V> entries);

    /**
     * Stores all entries asynchronously, grouped per member: a loader keeps a few batches in flight instead of
     * waiting for each.
     *
     * <pre>{@code
     * List<CompletableFuture<Void>> inFlight = new ArrayList<>();
     * for (Map<Integer, Row> batch : batches) {
     *     inFlight.add(rows.putAllAsync(batch));
     * }
     * CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
     * }</pre>
     */
    CompletableFuture<Void> putAllAsync(Map<? extends K, ? extends V> entries);

    /** Removes the key and returns its value, or null. */
    V remove(K key);

    /** Removes the key without returning its value. */
    void delete(K key);

    /** True if the key has a value. */
    boolean containsKey(K key);

    /** The number of entries in the whole map. */
    int size();

    /** All keys; transfers every key, use on small maps only. */
    Set<K> keySet();

    /** All values; transfers every value, use on small maps only. */
    Collection<V> values();

    /** Removes every entry. */
    void clear();

    /** Removes the map and its data from the whole cluster; its name may be created again afterwards. */
    void destroy();

    /** The partition that holds {@code key}: tasks with this partition as affinity read it locally. */
    int partitionOf(K key);
}
