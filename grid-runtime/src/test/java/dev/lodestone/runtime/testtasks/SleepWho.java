package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Sleeps, interruptibly, then answers the member's name: a task slow enough to leave others queued. */
public record SleepWho(long millis) implements Task<String> {
    @Override
    public String run(TaskContext ctx) throws InterruptedException {
        Thread.sleep(millis);
        return ctx.memberName();
    }
}
