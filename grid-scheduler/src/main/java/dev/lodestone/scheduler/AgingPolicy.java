package dev.lodestone.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TaskQueue} raises the priority of waiting tasks so that none starves.
 *
 * <p>A task queued at level {@code L} that has waited {@code w} has the effective level
 * {@code min(top, L + floor(w / step))}, where {@code top} is the queue's highest level: it climbs
 * one level per {@code step} of waiting and reaches the top after {@code (top - L) * step}. See
 * {@link TaskQueue} for how effective levels decide the order and for the bound on a task's wait.
 * With aging off ({@link #strict()}) priority is strict: a lower level waits while any higher
 * level has work.
 *
 * <pre>{@code
 * AgingPolicy.defaults();                       // on, one level per 500 ms
 * AgingPolicy.every(Duration.ofSeconds(2));     // on, one level per 2 s
 * AgingPolicy.strict();                         // off: strict priority
 * }</pre>
 *
 * @param enabled whether waiting tasks age at all
 * @param step    how long a task waits to climb one level; positive, at least one nanosecond, even
 *                when aging is off
 */
public record AgingPolicy(boolean enabled, Duration step) {

    /**
     * The step of {@link #defaults()}: 500 ms. With the five levels of
     * {@link dev.lodestone.api.task.Priority}, a {@code BACKGROUND} task reaches the top level after
     * 2 s, a {@code LOW} one after 1.5 s, a {@code NORMAL} one after 1 s and a {@code HIGH} one
     * after 0.5 s.
     */
    public static final Duration DEFAULT_STEP = Duration.ofMillis(500);

    private static final AgingPolicy DEFAULTS = new AgingPolicy(true, DEFAULT_STEP);
    private static final AgingPolicy STRICT = new AgingPolicy(false, DEFAULT_STEP);

    /**
     * Checks the step.
     *
     * <pre>{@code
     * new AgingPolicy(true, Duration.ofMillis(250));
     * }</pre>
     *
     * @throws NullPointerException if {@code step} is null
     * @throws IllegalArgumentException if {@code step} is shorter than one nanosecond
     */
    public AgingPolicy {
        Objects.requireNonNull(step, "step");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("aging step must be at least 1 ns, was " + step);
        }
    }

    /**
     * Aging on, one level per {@link #DEFAULT_STEP}; what a queue uses unless told otherwise.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = new TaskQueue<>(5, 100_000, Clock.system(), AgingPolicy.defaults());
     * }</pre>
     */
    public static AgingPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Aging on, one level per {@code step}.
     *
     * <pre>{@code
     * AgingPolicy slow = AgingPolicy.every(Duration.ofSeconds(5));
     * }</pre>
     *
     * @throws NullPointerException if {@code step} is null
     * @throws IllegalArgumentException if {@code step} is shorter than one nanosecond
     */
    public static AgingPolicy every(Duration step) {
        return new AgingPolicy(true, step);
    }

    /**
     * Aging off: strict priority, where a lower level may wait for ever under a steady flow of higher
     * work.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = new TaskQueue<>(5, 100_000, Clock.system(), AgingPolicy.strict());
     * }</pre>
     */
    public static AgingPolicy strict() {
        return STRICT;
    }

    /**
     * The step in nanoseconds, {@link Long#MAX_VALUE} for a step too long to count in them.
     *
     * <pre>{@code
     * AgingPolicy.defaults().stepNanos(); // 500_000_000
     * }</pre>
     */
    public long stepNanos() {
        try {
            return step.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * How long a task queued at {@code level} waits before its effective level is {@code topLevel}:
     * {@code (topLevel - level) * step}, zero for a task already at the top. Meaningless when aging
     * is off.
     *
     * <pre>{@code
     * AgingPolicy.defaults().timeToTop(Priority.LOW.ordinal(), Priority.CRITICAL.ordinal()); // 1.5 s
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code level} is negative or above {@code topLevel}
     */
    public Duration timeToTop(int level, int topLevel) {
        if (level < 0 || level > topLevel) {
            throw new IllegalArgumentException("level must be between 0 and " + topLevel + ", was " + level);
        }
        return step.multipliedBy(topLevel - level);
    }
}
