package dev.lodestone.scheduler;

import java.time.Duration;

/**
 * A {@link Clock} that moves only when a test tells it to.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * TaskQueue<Job> queue = TaskQueue.forPriorities(100, clock, AgingPolicy.defaults());
 * clock.advance(Duration.ofMillis(500));
 * }</pre>
 *
 * <p>THREADING: not thread-safe; one test thread reads and moves it.
 */
final class ManualClock implements Clock {

    private long now;

    /** Starts at an arbitrary non-zero reading, as {@link System#nanoTime()} does. */
    ManualClock() {
        this(1_000_000_001L);
    }

    ManualClock(long start) {
        this.now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Moves the clock forward by {@code d}, wrapping past {@link Long#MAX_VALUE} as a real one would. */
    ManualClock advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + d);
        }
        return advanceNanos(d.toNanos());
    }

    ManualClock advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a clock does not go back: " + nanos + " ns");
        }
        now += nanos;
        return this;
    }
}
