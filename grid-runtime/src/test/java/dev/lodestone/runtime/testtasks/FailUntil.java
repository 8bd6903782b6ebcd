package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Throws on every attempt before {@code succeedOn}, then returns the attempt it succeeded on. */
public record FailUntil(int succeedOn) implements Task<Integer> {
    @Override
    public Integer run(TaskContext ctx) {
        if (ctx.attempt() < succeedOn) {
            throw new IllegalStateException("attempt " + ctx.attempt() + " fails on purpose");
        }
        return ctx.attempt();
    }
}
