package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Answers the member's name. */
public record WhoAmI() implements Task<String> {
    @Override
    public String run(TaskContext ctx) {
        return ctx.memberName();
    }
}
