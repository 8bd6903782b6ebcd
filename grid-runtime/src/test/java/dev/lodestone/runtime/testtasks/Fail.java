package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.io.IOException;

/** Throws, with a cause. */
public record Fail(String message) implements Task<String> {
    @Override
    public String run(TaskContext ctx) {
        throw new IllegalStateException(message, new IOException("root cause"));
    }
}
