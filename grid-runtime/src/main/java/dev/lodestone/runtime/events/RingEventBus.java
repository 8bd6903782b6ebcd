package dev.lodestone.runtime.events;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.lodestone.api.GridException;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.api.events.EventBus;
import dev.lodestone.api.events.JobEvent;
import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.TaskEvent;
import dev.lodestone.api.events.TaskResult;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The grid's topics, each on a Hazelcast ringbuffer. Works the same on a member and on a client.
 *
 * <p>THREADING: thread-safe; each subscription owns one daemon thread.
 */
public final class RingEventBus implements EventBus {

    /** Ringbuffer names of topics start with this; members configure them (capacity, backups) by it. */
    public static final String PREFIX = "__lodestone.topic.";
    /** The ringbuffer of the job events topic. */
    public static final String JOB_EVENTS = PREFIX + "__jobs";

    private static final long TRIGGER_CONFIRM_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CONFIRM_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final HazelcastInstance hz;
    private final String publisher;
    private final MapCatalog maps;
    private final KryoCodec codec;

    /**
     * @param hz        a member or client of the cluster
     * @param publisher the name events published here carry
     * @param codec     writes trigger tasks
     * @param maps      the owner's catalog of maps (which exist, with which options)
     */
    public RingEventBus(HazelcastInstance hz, String publisher, KryoCodec codec, MapCatalog maps) {
        this.hz = hz;
        this.codec = codec;
        this.publisher = publisher;
        this.maps = maps;
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
        awaitEveryMember(record);
        return new GridTrigger(record, triggers, hz.getMap(JobMaps.TASKS));
    }

    /**
     * Waits until every data member confirms it has the trigger: members learn of it from an event, and a change made
     * after {@code trigger()} returns must find it everywhere. A member that joins later loads every trigger at start.
     */
    private void awaitEveryMember(TriggerRecord record) {
        IMap<String, Boolean> acks = hz.getMap(TriggerRegistry.ACKS);
        long deadline = System.nanoTime() + TRIGGER_CONFIRM_NANOS;
        Set<String> missing = new TreeSet<>();
        do {
            missing.clear();
            Set<String> keys = new HashSet<>();
            Map<String, String> names = new HashMap<>();
            for (Member m : hz.getCluster().getMembers()) {
                if (!m.isLiteMember()) {
                    String key = TriggerRegistry.ackKey(record.number(), m.getUuid().toString());
                    keys.add(key);
                    String name = m.getAttribute("lodestone.name");
                    names.put(key, name == null ? m.getAddress().toString() : name);
                }
            }
            Set<String> confirmed = acks.getAll(keys).keySet();
            for (String k : keys) {
                if (!confirmed.contains(k)) {
                    missing.add(names.get(k));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            LockSupport.parkNanos(CONFIRM_POLL_NANOS); // registration only; the members confirm within milliseconds
        } while (System.nanoTime() - deadline < 0);
        hz.getMap(TriggerRegistry.TRIGGERS).delete(record.number());
        throw new GridException("trigger on map '" + record.map() + "' withdrawn: members " + missing + " did not confirm it within "
                + TimeUnit.NANOSECONDS.toSeconds(TRIGGER_CONFIRM_NANOS) + " s (is the trigger's class on their class path?"
                + " see their logs)");
    }

    @Override
    public Topic<TaskEvent> taskEvents() {
        return new RingTopic<>("__tasks", TaskEvent.class, hz.getRingbuffer(BatchPublisher.TASK_EVENTS), null);
    }

    @Override
    public Topic<JobEvent> jobEvents() {
        return new RingTopic<>("__jobs", JobEvent.class, hz.getRingbuffer(JOB_EVENTS), null);
    }

    @Override
    public Topic<TaskResult> results() {
        // a plain task re-run after its member died may have had its success published already: deliver it once
        return new RingTopic<>("__results", TaskResult.class, hz.getRingbuffer(BatchPublisher.RESULTS), null,
                r -> r.succeeded() ? r.taskId() : null);
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
