package dev.lodestone.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TaskQueue} lifts priority levels that go unserved, so that none starves.
 *
 * <p>A level that has work and has not been served for {@code w} has the effective level
 * {@code min(top, level + floor(w / step))}, where {@code top} is the queue's highest level: it climbs
 * one level per {@code step} without service and competes at the top after {@code (top - level) * step}.
 * Serving the level resets its clock. See {@link TaskQueue} for how effective levels decide the order,
 * the bound on how long a level goes unserved, and what that costs urgent work. A step of zero,
 * {@link #strict()}, turns aging off: priority is strict, and a lower level waits while any higher
 * level has work.
 *
 * <pre>{@code
 * AgingPolicy.defaults();                                    // one level per 500 ms unserved
 * AgingPolicy.every(Duration.ofSeconds(2));                  // one level per 2 s unserved
 * AgingPolicy.strict();                                      // strict priority
 * new AgingPolicy(Duration.ofMillis(settings.agingStepMillis())); // aging.step.ms; 0 means strict
 * }</pre>
 *
 * @param step how long a level goes unserved to count one level higher; {@link Duration#ZERO} for
 *             strict priority
 */
public record AgingPolicy(Duration step) {

    /**
     * The step of {@link #defaults()}: 500 ms. With the five levels of
     * {@link dev.lodestone.api.task.Priority}, a {@code BACKGROUND} level unserved for 2 s competes at
     * the top, a {@code LOW} one after 1.5 s, a {@code NORMAL} one after 1 s and a {@code HIGH} one
     * after 0.5 s.
     */
    public static final Duration DEFAULT_STEP = Duration.ofMillis(500);

    private static final AgingPolicy DEFAULTS = new AgingPolicy(DEFAULT_STEP);
    private static final AgingPolicy STRICT = new AgingPolicy(Duration.ZERO);

    /**
     * Checks the step; zero means strict priority, so a configured step of {@code 0} needs no special case.
     *
     * <pre>{@code
     * new AgingPolicy(Duration.ofMillis(250)); // aging on
     * new AgingPolicy(Duration.ZERO);          // equals AgingPolicy.strict()
     * }</pre>
     *
     * @throws NullPointerException if {@code step} is null
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public AgingPolicy {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("aging step must not be negative (zero means strict priority), was " + step);
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
     * Aging on, one level per {@code step} unserved.
     *
     * <pre>{@code
     * AgingPolicy slow = AgingPolicy.every(Duration.ofSeconds(5));
     * }</pre>
     *
     * @throws NullPointerException if {@code step} is null
     * @throws IllegalArgumentException if {@code step} is not positive; ask for {@link #strict()} by name
     */
    public static AgingPolicy every(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("aging step must be at least 1 ns (for strict priority use strict()), was " + step);
        }
        return new AgingPolicy(step);
    }

    /**
     * Aging off: strict priority, where a lower level may wait for ever under a steady flow of higher
     * work. The same as a step of zero.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = new TaskQueue<>(5, 100_000, Clock.system(), AgingPolicy.strict());
     * }</pre>
     */
    public static AgingPolicy strict() {
        return STRICT;
    }

    /**
     * Whether levels age at all: false for {@link #strict()}.
     *
     * <pre>{@code
     * AgingPolicy.strict().enabled(); // false
     * }</pre>
     */
    public boolean enabled() {
        return !step.isZero();
    }

    /**
     * The step in nanoseconds: {@code 0} for {@link #strict()}, {@link Long#MAX_VALUE} for a step too
     * long to count in them.
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
     * How long {@code level} goes unserved, while it has work, before its effective level is
     * {@code topLevel}: {@code (topLevel - level) * step}, zero for the top level itself.
     *
     * <pre>{@code
     * AgingPolicy.defaults().timeToTop(Priority.LOW.ordinal(), Priority.CRITICAL.ordinal()); // 1.5 s
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code level} is negative or above {@code topLevel}
     * @throws IllegalStateException if this policy is {@link #strict()}: a level never rises then
     */
    public Duration timeToTop(int level, int topLevel) {
        if (level < 0 || level > topLevel) {
            throw new IllegalArgumentException("level must be between 0 and " + topLevel + ", was " + level);
        }
        if (!enabled()) {
            throw new IllegalStateException("strict priority: a level never rises, however long it waits");
        }
        return step.multipliedBy(topLevel - level);
    }
}
