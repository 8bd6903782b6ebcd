package dev.lodestone.cli.testtasks;

import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.TriggerTask;
import dev.lodestone.api.task.TaskContext;

/**
 * A trigger task for the process-level tests: keeps map {@code derived} at {@code 2 * value + key}, naming the
 * member that wrote it. Idempotent, so a re-run after a member's death writes the same value.
 *
 * @param millis how long each run works first
 */
public record Derive(long millis) implements TriggerTask<Integer, Integer> {

    /** The derived value of a key with this value. */
    public static int of(int key, int value) {
        return 2 * value + key;
    }

    @Override
    public void run(TaskContext ctx, MapUpdate<Integer, Integer> u) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
        if (u.newValue() != null) {
            ctx.<Integer, Integer>map("derived").put(u.key(), of(u.key(), u.newValue()));
        }
    }
}
