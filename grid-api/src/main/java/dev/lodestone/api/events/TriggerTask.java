package dev.lodestone.api.events;

import dev.lodestone.api.task.TaskContext;

/**
 * What a {@link Trigger} runs for each change of its map: on the member that owns the changed key, through the
 * member's task queue (priority, backpressure), as a durable task (its run survives the member's death). Register its
 * class with Kryo, like a task's.
 *
 * <pre>{@code
 * public record RefreshScore() implements TriggerTask<Integer, Double> {
 *     public void run(TaskContext ctx, MapUpdate<Integer, Double> u) {
 *         ctx.<Integer, Double>map("scores").put(u.key(), u.newValue() == null ? 0 : u.newValue() * 2);
 *     }
 * }
 * }</pre>
 *
 * <p>A run may be repeated after a member failure ({@link TaskContext#attempt()} above 1): make its writes
 * idempotent, as above.
 *
 * @param <K> the map's key type
 * @param <V> the map's value type
 */
@FunctionalInterface
public interface TriggerTask<K, V> {

    /** Reacts to one change. An exception fails this run, which is retried up to the trigger's attempts. */
    void run(TaskContext ctx, MapUpdate<K, V> update) throws Exception;
}
