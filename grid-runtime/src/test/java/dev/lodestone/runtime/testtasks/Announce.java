package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * Stages {@code value} for topic {@code topic} with {@code publishOnSuccess}, then fails on every attempt before
 * {@code succeedOn}; returns the value.
 */
public record Announce(String topic, int value, int succeedOn) implements Task<Integer> {
    @Override
    public Integer run(TaskContext ctx) {
        ctx.publishOnSuccess(ctx.events().topic(topic, Integer.class), value);
        if (ctx.attempt() < succeedOn) {
            throw new IllegalStateException("attempt " + ctx.attempt() + " fails after staging " + value);
        }
        return value;
    }
}
