package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/** Reads one key of a map and says where it ran. */
public record ReadKey(String map, int key) implements Task<Ran> {
    @Override
    public Ran run(TaskContext ctx) {
        String v = ctx.<Integer, String>map(map).get(key);
        return new Ran(ctx.memberName(), ctx.partition().orElse(-1), v, ctx.attempt());
    }
}
