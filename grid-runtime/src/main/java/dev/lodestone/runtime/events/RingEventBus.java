package dev.lodestone.runtime.events;

import com.hazelcast.core.HazelcastInstance;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.api.events.EventBus;
import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.Topic;
import dev.lodestone.runtime.data.MapCatalog;
import java.util.Objects;

/**
 * The grid's topics, each on a Hazelcast ringbuffer. Works the same on a member and on a client.
 *
 * <p>THREADING: thread-safe; each subscription owns one daemon thread.
 */
public final class RingEventBus implements EventBus {

    /** Ringbuffer names of topics start with this; members configure them (capacity, backups) by it. */
    public static final String PREFIX = "__lodestone.topic.";

    private final HazelcastInstance hz;
    private final String publisher;
    private final MapCatalog maps;

    /**
     * @param hz        a member or client of the cluster
     * @param publisher the name events published here carry
     */
    public RingEventBus(HazelcastInstance hz, String publisher) {
        this.hz = hz;
        this.publisher = publisher;
        this.maps = new MapCatalog(hz);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K, V> Topic<MapUpdate<K, V>> mapUpdates(String mapName) {
        MapOptions options = maps.optionsOf(mapName);
        if (options == null || !options.updateEvents()) {
            throw new IllegalStateException("map '" + mapName + "' does not publish its updates: create it with"
                    + " MapOptions.defaults().withUpdateEvents()");
        }
        return new RingTopic<>(mapName, (Class) MapUpdate.class, hz.getRingbuffer(MapUpdatePublisher.ringOf(mapName)), null);
    }

    @Override
    public <E> Topic<E> topic(String name, Class<E> type) {
        Objects.requireNonNull(type, "type");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a non-blank name");
        }
        if (name.startsWith("__")) {
            throw new IllegalArgumentException("topic names starting with '__' are reserved: " + name);
        }
        return new RingTopic<>(name, type, hz.getRingbuffer(PREFIX + name), publisher);
    }
}
