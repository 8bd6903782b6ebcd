package dev.lodestone.runtime.events;

import com.hazelcast.map.IMap;
import dev.lodestone.api.events.Trigger;
import dev.lodestone.runtime.job.JobTaskKey;
import dev.lodestone.runtime.job.StoredTask;
import dev.lodestone.runtime.job.SummaryCounts;
import dev.lodestone.runtime.job.TaskSummary;
import dev.lodestone.runtime.job.TasksOfJob;

/** A registered trigger, seen from the client or member that registered it. THREADING: thread-safe. */
final class GridTrigger implements Trigger {

    private final TriggerRecord record;
    private final IMap<Long, TriggerRecord> triggers;
    private final IMap<JobTaskKey, StoredTask> tasks;

    GridTrigger(TriggerRecord record, IMap<Long, TriggerRecord> triggers, IMap<JobTaskKey, StoredTask> tasks) {
        this.record = record;
        this.triggers = triggers;
        this.tasks = tasks;
    }

    @Override
    public String id() {
        return record.id();
    }

    @Override
    public String map() {
        return record.map();
    }

    @Override
    public Status status() {
        SummaryCounts c = SummaryCounts.of(record.number(),
                tasks.project(TaskSummary.PROJECTION, new TasksOfJob(record.number(), -1)));
        return new Status(c.pending(), c.running(), c.succeeded(), c.failures().size(), c.failures());
    }

    @Override
    public void close() {
        triggers.delete(record.number());
    }

    @Override
    public String toString() {
        return "trigger " + record.id() + " on map '" + record.map() + "'";
    }
}
