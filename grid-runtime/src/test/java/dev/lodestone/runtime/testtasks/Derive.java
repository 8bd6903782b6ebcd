package dev.lodestone.runtime.testtasks;

import dev.lodestone.api.events.MapUpdate;
import dev.lodestone.api.events.TriggerTask;
import dev.lodestone.api.task.TaskContext;

/**
 * A trigger task: keeps map {@code derived} at {@code 2 * value + key} for every key of the map it watches, and says
 * where it ran. Idempotent: a re-run writes the same value.
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
        if (u.newValue() == null) {
            ctx.<Integer, Derived>map("derived").remove(u.key());
        } else {
            ctx.<Integer, Derived>map("derived").put(u.key(), new Derived(of(u.key(), u.newValue()), ctx.memberName(), ctx.attempt(),
                    ctx.partition().orElse(-1)));
        }
    }

    /**
     * @param value     the derived value
     * @param member    the member the run ran on
     * @param attempt   its attempt
     * @param partition the partition it was affine to
     */
    public record Derived(int value, String member, int attempt, int partition) {
    }
}
