package dev.lodestone.microbench;

import java.util.List;

/**
 * The one adapter every queue under test is driven through, so the task queue and its rival run the
 * same benchmark code, as Caffeine's benchmarks drive rival caches through one interface.
 *
 * <p>THREADING: implementations are thread-safe, each the way a grid would make it so: the member's
 * queue behind one lock, a concurrent queue by itself.
 */
public interface BenchQueue {

    /** Queues one task; false when full. */
    boolean offer(BenchTask task);

    /** Queues a prefix of {@code tasks}, as many as fit; returns how many. */
    int offerAll(List<BenchTask> tasks);

    /** The next task, or null when empty. */
    BenchTask poll();

    /** Moves up to {@code max} tasks to {@code out} in poll order; returns how many. */
    int drainTo(List<BenchTask> out, int max);

    /** The next task, waiting up to {@code timeoutNanos} for one as an idle worker waits; null if none came. */
    BenchTask take(long timeoutNanos) throws InterruptedException;

    /** Waits up to {@code timeoutNanos} for a task, then moves up to {@code max} to {@code out}; returns how many. */
    int drainTo(List<BenchTask> out, int max, long timeoutNanos) throws InterruptedException;

    /** Tasks queued. */
    int size();
}
