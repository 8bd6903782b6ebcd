package dev.lodestone.scheduler;

/**
 * The time source of the scheduling code: a reading in nanoseconds from an arbitrary origin, as
 * {@link System#nanoTime()} gives, that never goes backwards. Only differences between readings
 * mean anything, and they are taken as {@code later - earlier}, so a reading that wraps past
 * {@link Long#MAX_VALUE} is still ordered correctly.
 *
 * <p>Production code uses {@link #system()}; tests pass a manual clock and move it forward by hand,
 * so a test of aging never sleeps.
 *
 * <pre>{@code
 * Clock clock = Clock.system();
 * long queuedAt = clock.nanoTime();
 * // ... later
 * long waitedNanos = clock.nanoTime() - queuedAt;
 * }</pre>
 *
 * <p>THREADING: implementations must be safe to read from any thread; {@link #system()} is.
 */
@FunctionalInterface
public interface Clock {

    /**
     * The current reading in nanoseconds.
     *
     * <pre>{@code
     * long now = clock.nanoTime();
     * }</pre>
     */
    long nanoTime();

    /**
     * The clock of this JVM: {@link System#nanoTime()}.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = new TaskQueue<>(5, 100_000, Clock.system(), AgingPolicy.defaults());
     * }</pre>
     */
    static Clock system() {
        return System::nanoTime;
    }
}
