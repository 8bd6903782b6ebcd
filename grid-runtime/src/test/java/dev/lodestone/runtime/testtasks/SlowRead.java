package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Reads one key after working for a while, and says where and on which attempt it ran. */
public record SlowRead(String map, int key, long millis) implements Task<Ran> {
    @Override
    public Ran run(TaskContext ctx) throws InterruptedException {
        Thread.sleep(millis);
        String v = ctx.<Integer, String>map(map).get(key);
        return new Ran(ctx.memberName(), ctx.partition().orElse(-1), v, ctx.attempt());
    }
}
