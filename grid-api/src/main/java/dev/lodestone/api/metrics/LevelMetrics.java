package dev.lodestone.api.metrics;

import dev.lodestone.api.task.Priority;

import java.util.Objects;

/**
 * One priority level's counters and latencies.
 *
 * <pre>{@code
 * LevelMetrics high = grid.metrics().cluster(Priority.HIGH);
 * System.out.println(high.counters().succeeded() + " done, e2e p99 " + high.endToEnd().p99Micros() + " us");
 * }</pre>
 *
 * @param priority  the level
 * @param counters  its task counters
 * @param queueWait from arrival in a member's queue to a worker taking the task
 * @param runTime   from a worker taking the task to its result
 * @param endToEnd  from {@code submit} to the result at the caller; {@link Latency#NONE} in a member's figures
 */
public record LevelMetrics(Priority priority, TaskCounters counters, Latency queueWait, Latency runTime, Latency endToEnd) {

    /** Checks the values. */
    public LevelMetrics {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(queueWait, "queueWait");
        Objects.requireNonNull(runTime, "runTime");
        Objects.requireNonNull(endToEnd, "endToEnd");
    }

    /** A level with nothing recorded. */
    public static LevelMetrics empty(Priority priority) {
        return new LevelMetrics(priority, TaskCounters.ZERO, Latency.NONE, Latency.NONE, Latency.NONE);
    }
}
