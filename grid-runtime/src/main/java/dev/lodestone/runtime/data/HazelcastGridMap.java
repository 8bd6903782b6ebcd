package dev.lodestone.runtime.data;

import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import dev.lodestone.api.data.GridMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@link GridMap} over a Hazelcast {@link IMap}: on a client every call goes to the key's owner;
 * on a member, keys of partitions it owns are served in the same JVM.
 *
 * <p>THREADING: thread-safe, as the IMap is.
 */
public final class HazelcastGridMap<K, V> implements GridMap<K, V> {

    private final IMap<K, V> map;
    private final PartitionService partitions;
    private final Runnable onDestroy;

    /** Wraps a map; {@code onDestroy} lets the catalog forget it. */
    public HazelcastGridMap(IMap<K, V> map, PartitionService partitions, Runnable onDestroy) {
        this.map = map;
        this.partitions = partitions;
        this.onDestroy = onDestroy;
    }

    /** The Hazelcast map underneath. */
    public IMap<K, V> imap() {
        return map;
    }

    @Override
    public String name() {
        return map.getName();
    }

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public Map<K, V> getAll(Set<K> keys) {
        return map.getAll(keys);
    }

    @Override
    public V put(K key, V value) {
        return map.put(key, value);
    }

    @Override
    public void set(K key, V value) {
        map.set(key, value);
    }

    @Override
    public CompletableFuture<Void> setAsync(K key, V value) {
        return map.setAsync(key, value).toCompletableFuture();
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
        map.putAll(entries);
    }

    @Override
    public CompletableFuture<Void> putAllAsync(Map<? extends K, ? extends V> entries) {
        return map.putAllAsync(entries).toCompletableFuture();
    }

    @Override
    public V remove(K key) {
        return map.remove(key);
    }

    @Override
    public void delete(K key) {
        map.delete(key);
    }

    @Override
    public boolean containsKey(K key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Set<K> keySet() {
        return map.keySet();
    }

    @Override
    public Collection<V> values() {
        return map.values();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public void destroy() {
        map.destroy();
        onDestroy.run();
    }

    @Override
    public int partitionOf(K key) {
        return partitions.getPartition(key).getPartitionId();
    }

    @Override
    public String toString() {
        return "GridMap[" + name() + "]";
    }
}
