package dev.lodestone.cli.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * Always throws, so a test can count failed tasks.
 *
 * @param message the exception's message
 */
public record Boom(String message) implements Task<String> {
    @Override
    public String run(TaskContext ctx) {
        throw new IllegalStateException(message);
    }
}
