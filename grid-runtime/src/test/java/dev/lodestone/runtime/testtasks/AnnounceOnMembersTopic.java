package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.events.TaskEvent;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Tries to stage an event on the task events topic, which only members write: must fail. */
public record AnnounceOnMembersTopic() implements Task<String> {
    @Override
    public String run(TaskContext ctx) {
        ctx.publishOnSuccess(ctx.events().taskEvents(), new TaskEvent(null, null, null, null, "me", 1, 0, 0));
        return "staged";
    }
}
