package dev.lodestone.runtime.data;

import com.hazelcast.config.EntryListenerConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.lodestone.api.GridException;
import dev.lodestone.api.NoSuchMapException;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.runtime.events.MapUpdatePublisher;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which maps exist, and creating them. Hazelcast creates a map on first touch, so a typo would
 * silently make an empty map; Lodestone instead says that a map must be created first.
 *
 * <p>A name seen once is cached, so the check costs a hash lookup on the hot path; only a miss
 * asks the cluster.
 *
 * <p>THREADING: thread-safe.
 */
public final class MapCatalog {

    private static final String MAP_SERVICE = "hz:impl:mapService";
    /** Map name to the options it was created with, for what clients cannot read from Hazelcast's config. */
    private static final String OPTIONS = "__lodestone.map.options";

    private final HazelcastInstance hz;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, HazelcastGridMap<?, ?>> views = new ConcurrentHashMap<>();

    /** A catalog over this instance (member or client). */
    public MapCatalog(HazelcastInstance hz) {
        this.hz = hz;
    }

    /** True if a map of that name exists in the cluster. */
    public boolean exists(String name) {
        if (known.contains(name)) {
            return true;
        }
        for (DistributedObject o : hz.getDistributedObjects()) {
            if (MAP_SERVICE.equals(o.getServiceName())) {
                known.add(o.getName());
            }
        }
        return known.contains(name);
    }

    /**
     * Throws when the map does not exist.
     *
     * @throws NoSuchMapException naming the map and the cluster
     */
    public void requireExists(String name) {
        if (!exists(name)) {
            throw new NoSuchMapException(name, hz.getConfig().getClusterName());
        }
    }

    /** The options an existing map was created with by Lodestone; null for a map made another way. */
    public MapOptions optionsOf(String name) {
        requireExists(name);
        return hz.<String, MapOptions>getMap(OPTIONS).get(name);
    }

    /** An existing map. */
    @SuppressWarnings("unchecked")
    public <K, V> HazelcastGridMap<K, V> existing(String name) {
        requireExists(name);
        return (HazelcastGridMap<K, V>) views.computeIfAbsent(name,
                n -> new HazelcastGridMap<>(hz.getMap(n), hz.getPartitionService(), () -> forget(n)));
    }

    private void forget(String name) {
        known.remove(name);
        views.remove(name);
    }

    /** Creates the map, or returns it when it exists with the same options. */
    public <K, V> HazelcastGridMap<K, V> create(String name, MapOptions options) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a map needs a non-blank name");
        }
        if (name.startsWith("__")) {
            throw new IllegalArgumentException("map names starting with '__' are reserved: " + name);
        }
        MapConfig config = new MapConfig(name).setBackupCount(options.backups());
        if (options.updateEvents()) { // each member makes its own publisher from this, also members that join later
            config.addEntryListenerConfig(new EntryListenerConfig(MapUpdatePublisher.class.getName(), true, true));
        }
        try {
            hz.getConfig().addMapConfig(config);
        } catch (InvalidConfigurationException e) {
            throw new GridException("map '" + name + "' already exists with other options than " + options + ": "
                    + e.getMessage(), e);
        }
        IMap<K, V> map = hz.getMap(name); // creating the proxy makes the map exist cluster-wide
        hz.<String, MapOptions>getMap(OPTIONS).putIfAbsent(name, options);
        known.add(map.getName());
        return existing(name);
    }
}
