package dev.lodestone.runtime.member;

import com.hazelcast.map.IMap;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.events.EventBus;
import dev.lodestone.api.events.Topic;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.TaskContext;
import dev.lodestone.api.task.TaskId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@link TaskContext} of one run of one task. THREADING: used by the worker running the task only. */
final class MemberTaskContext implements TaskContext {

    private final MemberTask task;
    private final String memberName;
    private final MemberServices services;

    MemberTaskContext(MemberTask task, String memberName, MemberServices services) {
        this.task = task;
        this.memberName = memberName;
        this.services = services;
    }

    @Override
    public TaskId taskId() {
        return task.id();
    }

    @Override
    public int attempt() {
        return task.attempt;
    }

    @Override
    public Optional<String> jobId() {
        return task.session.jobId();
    }

    @Override
    public String memberName() {
        return memberName;
    }

    @Override
    public OptionalInt partition() {
        return task.partition < 0 ? OptionalInt.empty() : OptionalInt.of(task.partition);
    }

    @Override
    public Priority priority() {
        return task.priorityEnum();
    }

    @Override
    public <K, V> GridMap<K, V> map(String name) {
        return services.maps().existing(name);
    }

    @Override
    public <K, V> Map<K, V> localEntries(String mapName) {
        if (task.partition < 0) {
            throw new IllegalStateException("task " + task.id() + " has no partition affinity, so it has no local entries of '"
                    + mapName + "'; submit it with SubmitOptions.partition(p) or SubmitOptions.affinity(map, key)");
        }
        IMap<K, V> imap = services.maps().<K, V>existing(mapName).imap();
        Map<K, V> out = new HashMap<>();
        for (Map.Entry<K, V> e : imap.entrySet(services.partitions().<K, V>wholePartition(task.partition))) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    @Override
    public EventBus events() {
        return services.events();
    }

    @Override
    public <E> void publishOnSuccess(Topic<E> topic, E event) {
        task.stage(topic, event);
    }

    @Override
    public boolean isCancelled() {
        return task.isCancelled();
    }
}
