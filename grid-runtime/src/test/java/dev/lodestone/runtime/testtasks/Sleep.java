package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Sleeps, interruptibly, then answers. */
public record Sleep(long millis) implements Task<String> {
    @Override
    public String run(TaskContext ctx) throws InterruptedException {
        Thread.sleep(millis);
        return "slept " + millis;
    }
}
