package dev.lodestone.cli.testtasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * Reads one key of a map on the member it runs on and says which member that was.
 *
 * @param map the map's name
 * @param key the key to read
 */
public record ReadOnOwner(String map, int key) implements Task<Seen> {
    @Override
    public Seen run(TaskContext ctx) {
        String value = ctx.<Integer, String>map(map).get(key);
        return new Seen(ctx.memberName(), ctx.partition().orElse(-1), value, ctx.attempt());
    }
}
