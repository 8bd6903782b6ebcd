package dev.lodestone.runtime.events;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.TriggerTask;
import dev.lodestone.runtime.job.JobMaps;
import dev.lodestone.runtime.job.JobTaskKey;
import dev.lodestone.runtime.job.StoredTask;
import dev.lodestone.runtime.serial.KryoCodec;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's view of the registered triggers, and what turns a map change into trigger runs.
 *
 * <p>Triggers live in {@link #TRIGGERS}; every member keeps them decoded here, by map, fresh through an entry
 * listener. For each change of a map that has triggers, {@link MapUpdatePublisher} (on the key's owner, on
 * Hazelcast's event thread) calls {@link #fire}: each matching trigger gets a durable task entry (a {@link TriggerRun}
 * payload, in the changed key's partition, with backups), which the owner's {@code DurableTasks} queues and runs like
 * any durable task. Hazelcast creates the publishers by class name, so they find this registry by instance name.
 *
 * <p>THREADING: thread-safe; the trigger lists are copy-on-write.
 */
public final class TriggerRegistry implements AutoCloseable {

    /** Trigger number to {@link TriggerRecord}. */
    public static final String TRIGGERS = "__lodestone.triggers";
    /** {@code <trigger number>/<member uuid>}: the member has the trigger and fires it from now on. */
    public static final String ACKS = "__lodestone.trigger.acks";
    /** Numbers the runs of triggers (the index of their durable task entries). */
    public static final String RUN_IDS = "__lodestone.trigger.runs";

    private static final Logger LOG = LoggerFactory.getLogger(TriggerRegistry.class);
    private static final Map<String, TriggerRegistry> BY_INSTANCE = new ConcurrentHashMap<>();

    private final HazelcastInstance hz;
    private final KryoCodec codec;
    private final String member;
    private final IMap<Long, TriggerRecord> triggers;
    private final IMap<JobTaskKey, StoredTask> tasks;
    private final Map<String, List<Active>> byMap = new ConcurrentHashMap<>();
    private final UUID listener;

    /** A registered trigger with its task decoded once. */
    private record Active(TriggerRecord record, TriggerTask<Object, Object> task) {
    }

    private TriggerRegistry(HazelcastInstance hz, KryoCodec codec, String member) {
        this.hz = hz;
        this.codec = codec;
        this.member = member;
        this.triggers = hz.getMap(TRIGGERS);
        this.tasks = hz.getMap(JobMaps.TASKS);
        this.listener = triggers.addEntryListener(new Changes(), true);
        triggers.values().forEach(this::add); // after subscribing: nothing registered in between is missed
    }

    /** Starts the registry of a member. */
    public static TriggerRegistry start(HazelcastInstance hz, KryoCodec codec, String member) {
        TriggerRegistry r = new TriggerRegistry(hz, codec, member);
        BY_INSTANCE.put(hz.getName(), r);
        return r;
    }

    /** The registry of this member's instance, or null where none runs (a client). */
    static TriggerRegistry of(HazelcastInstance hz) {
        return BY_INSTANCE.get(hz.getName());
    }

    private final class Changes implements EntryAddedListener<Long, TriggerRecord>, EntryUpdatedListener<Long, TriggerRecord>,
            EntryRemovedListener<Long, TriggerRecord> {
        @Override
        public void entryAdded(EntryEvent<Long, TriggerRecord> e) {
            add(e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<Long, TriggerRecord> e) {
            add(e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<Long, TriggerRecord> e) {
            remove(e.getKey());
        }
    }

    @SuppressWarnings("unchecked")
    private void add(TriggerRecord r) {
        TriggerTask<Object, Object> task;
        try {
            task = (TriggerTask<Object, Object>) codec.decode(r.task());
        } catch (RuntimeException e) {
            LOG.error("member {}: trigger {} on map '{}' cannot be read here and will not run on this member's keys: {}"
                    + " (is its jar on the member's class path?)", member, r.id(), r.map(), e.getMessage());
            return;
        }
        remove(r.number());
        byMap.computeIfAbsent(r.map(), m -> new CopyOnWriteArrayList<>()).add(new Active(r, task));
        // the registering caller waits for this from every member, so no change after its return goes untriggered
        hz.<String, Boolean>getMap(ACKS).setAsync(ackKey(r.number(), hz.getCluster().getLocalMember().getUuid().toString()), true,
                1, java.util.concurrent.TimeUnit.HOURS);
        LOG.info("member {}: trigger {} on map '{}' registered", member, r.id(), r.map());
    }

    private void remove(long number) {
        byMap.values().forEach(list -> list.removeIf(a -> a.record().number() == number));
    }

    /** The key under which member {@code memberUuid} confirms trigger {@code number}. */
    public static String ackKey(long number, String memberUuid) {
        return number + "/" + memberUuid;
    }

    /** Records a run of every trigger of the map that reacts to this kind of change; called on the key's owner. */
    void fire(MapUpdate<Object, Object> update) {
        List<Active> active = byMap.get(update.map());
        if (active == null || active.isEmpty()) {
            return;
        }
        int partition = hz.getPartitionService().getPartition(update.key()).getPartitionId();
        for (Active a : active) {
            TriggerRecord r = a.record();
            if ((r.kinds() & (1 << update.kind().ordinal())) == 0) {
                continue;
            }
            long run = hz.getFlakeIdGenerator(RUN_IDS).newId();
            try {
                byte[] payload = codec.encode(new TriggerRun(a.task(), update));
                tasks.set(new JobTaskKey(r.number(), run, update.key()), StoredTask.pending(r.number(), r.id(), run, partition,
                        update.map(), r.priority(), 0, r.maxAttempts(), r.backoffMillis(), r.retentionMillis(), payload));
            } catch (RuntimeException e) { // say which change did not start its run, never throw into Hazelcast's event thread
                LOG.error("member {}: trigger {} could not record its run for the {} of key {} in map '{}': {}", member, r.id(),
                        update.kind(), update.key(), update.map(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        BY_INSTANCE.remove(hz.getName(), this);
        try {
            triggers.removeEntryListener(listener);
        } catch (RuntimeException e) {
            LOG.debug("member {}: removing the trigger listener: {}", member, e.toString());
        }
    }
}
