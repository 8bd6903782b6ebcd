package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Never registered: must be refused at submit time. */
public record Unregistered(int x) implements Task<Integer> {
    @Override
    public Integer run(TaskContext ctx) {
        return x;
    }
}
