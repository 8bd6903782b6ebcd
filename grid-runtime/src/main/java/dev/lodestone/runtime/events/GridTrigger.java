package dev.lodestone.runtime.events;

import com.hazelcast.map.IMap;
import dev.lodestone.api.events.Trigger;
import dev.lodestone.api.job.TaskFailure;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.runtime.job.JobTaskKey;
import dev.lodestone.runtime.job.StoredTask;
import dev.lodestone.runtime.job.TaskSummary;
import dev.lodestone.runtime.job.TasksOfJob;
import dev.lodestone.runtime.transport.Wire;
import java.util.ArrayList;
import java.util.List;

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
        int pending = 0;
        int running = 0;
        int ok = 0;
        List<TaskFailure> failures = new ArrayList<>();
        for (TaskSummary s : tasks.project(TaskSummary.PROJECTION, new TasksOfJob(record.number(), -1))) {
            switch (s.state()) {
                case StoredTask.PENDING -> pending++;
                case StoredTask.RUNNING -> running++;
                default -> {
                    if (s.outcome() == Wire.OK) {
                        ok++;
                    } else {
                        failures.add(new TaskFailure(s.index(), new TaskId(record.number(), s.index()), s.attempt(), s.runner(),
                                s.failure()));
                    }
                }
            }
        }
        return new Status(pending, running, ok, failures.size(), failures);
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
