package dev.lodestone.api.task;

import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.events.EventBus;
import dev.lodestone.api.events.Topic;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a running task knows about where it runs, and its way to the grid's data.
 *
 * <p>A context is valid only for the duration of {@link Task#run(TaskContext)} and only on the
 * worker thread that runs it.
 *
 * <pre>{@code
 * public Long run(TaskContext ctx) {
 *     long words = 0;
 *     for (String line : ctx.<Integer, String>localEntries("lines").values()) {
 *         words += line.split(" ").length;
 *     }
 *     return words;
 * }
 * }</pre>
 */
public interface TaskContext {

    /** This task's id, the same the submitter's {@link TaskHandle#id()} shows. */
    TaskId taskId();

    /** 1 on the first run; higher when the task is run again after a member failure. */
    int attempt();

    /**
     * The id of the durable job this task belongs to, if any; with {@link #taskId()} and {@link #attempt()} it
     * lets side effects be made idempotent.
     */
    Optional<String> jobId();

    /** The name of the member this task runs on. */
    String memberName();

    /** The partition this task is affine to, if it was submitted with an affinity. */
    OptionalInt partition();

    /** The priority the task was submitted with. */
    Priority priority();

    /**
     * An existing distributed map, seen from this member. Reads of keys in partitions this member
     * owns are served in this JVM without a network hop.
     *
     * @throws dev.lodestone.api.NoSuchMapException when no map of that name exists
     */
    <K, V> GridMap<K, V> map(String name);

    /**
     * The entries of the named map that lie in this task's partition, read locally. Only for tasks
     * submitted with an affinity.
     *
     * @throws IllegalStateException when the task has no partition affinity
     */
    <K, V> Map<K, V> localEntries(String mapName);

    /**
     * The event bus, seen from the member: a task may publish events (or subscribe, for as long as it runs).
     *
     * <pre>{@code
     * ctx.events().topic("scores", Score.class).publish(new Score(user, value));
     * }</pre>
     */
    EventBus events();

    /**
     * Publishes {@code event} on {@code topic} once this attempt has succeeded for good: for a task of a durable job or
     * trigger, after its result is stored, so an attempt that fails, and a re-run after failover, publish nothing
     * twice; for a plain task, just before its result is sent. Nothing is published when the task throws or is
     * cancelled. Events keep the order they were staged in.
     *
     * <pre>{@code
     * public Double run(TaskContext ctx) {
     *     double score = compute(ctx);
     *     ctx.map("scores").put(user, score);                   // idempotent: a re-run writes the same value
     *     ctx.publishOnSuccess(ctx.events().topic("scores", Double.class), score);
     *     return score;
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException      when the event is not of the topic's type
     * @throws UnsupportedOperationException when the topic is one the members write (map updates, task events)
     */
    <E> void publishOnSuccess(Topic<E> topic, E event);

    /** True once the submitter cancelled this task; long tasks should check it and stop early. */
    boolean isCancelled();
}
