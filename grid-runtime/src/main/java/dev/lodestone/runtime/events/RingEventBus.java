package dev.lodestone.runtime.events;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.api.events.EventBus;
import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.TaskEvent;
import dev.lodestone.api.events.Topic;
import dev.lodestone.api.events.Trigger;
import dev.lodestone.api.events.TriggerOptions;
import dev.lodestone.api.events.TriggerTask;
import dev.lodestone.api.events.UpdateKind;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.runtime.data.MapCatalog;
import dev.lodestone.runtime.job.JobMaps;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.NotSerializableValueException;
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
    private final KryoCodec codec;

    /**
     * @param hz        a member or client of the cluster
     * @param publisher the name events published here carry
     * @param codec     writes trigger tasks
     */
    public RingEventBus(HazelcastInstance hz, String publisher, KryoCodec codec) {
        this.hz = hz;
        this.codec = codec;
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
    public <K, V> Trigger trigger(String mapName, TriggerTask<K, V> task, TriggerOptions options) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(options, "options");
        MapOptions mapOptions = maps.optionsOf(mapName);
        if (mapOptions == null || !mapOptions.updateEvents()) {
            throw new IllegalStateException("map '" + mapName + "' does not publish its updates, so nothing would start a trigger"
                    + " on it: create it with MapOptions.defaults().withUpdateEvents()");
        }
        byte[] bytes;
        try {
            bytes = codec.encode(task);
        } catch (NotSerializableValueException e) {
            throw new TaskRejectedException("trigger task " + task.getClass().getName() + " refused: " + e.getMessage(), e);
        }
        int kinds = 0;
        for (UpdateKind k : options.kinds()) {
            kinds |= 1 << k.ordinal();
        }
        long number = hz.getFlakeIdGenerator(JobMaps.IDS).newId();
        TriggerRecord record = new TriggerRecord(number, "trigger-" + mapName + "-" + Long.toString(number, 36), mapName, bytes,
                options.priority().ordinal(), kinds, options.maxAttempts(), options.retryBackoff().toMillis(),
                options.retention().toMillis());
        IMap<Long, TriggerRecord> triggers = hz.getMap(TriggerRegistry.TRIGGERS);
        triggers.set(number, record);
        return new GridTrigger(record, triggers, hz.getMap(JobMaps.TASKS));
    }

    @Override
    public Topic<TaskEvent> taskEvents() {
        return new RingTopic<>("__tasks", TaskEvent.class, hz.getRingbuffer(TaskEventPublisher.RING), null);
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
