package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Carries a payload; answers its size. */
public record Blob(byte[] data) implements Task<Integer> {
    @Override
    public Integer run(TaskContext ctx) {
        return data.length;
    }
}
