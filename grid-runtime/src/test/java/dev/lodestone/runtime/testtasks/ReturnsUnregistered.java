package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Registered itself, but its result's class is not. */
public record ReturnsUnregistered() implements Task<Object> {
    @Override
    public Object run(TaskContext ctx) {
        return new Unregistered(1);
    }
}
