package dev.lodestone.cli.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Answers the name of the member it runs on. */
public record WhoAmI() implements Task<String> {
    @Override
    public String run(TaskContext ctx) {
        return ctx.memberName();
    }
}
