package dev.lodestone.runtime.events;

import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.TriggerTask;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * One run of a trigger: its task and the change it reacts to, as the payload of a durable task.
 *
 * @param task   the trigger's task
 * @param update the change
 */
public record TriggerRun(TriggerTask<Object, Object> task, MapUpdate<Object, Object> update) implements Task<Boolean> {

    @Override
    public Boolean run(TaskContext ctx) throws Exception {
        task.run(ctx, update);
        return Boolean.TRUE;
    }
}
