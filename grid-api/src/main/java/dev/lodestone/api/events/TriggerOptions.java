package dev.lodestone.api.events;

import dev.lodestone.api.task.Priority;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a trigger runs: at which priority, for which kinds of change, how often a failing run is tried, and how long
 * the outcome of each run is kept for {@link Trigger#status()}.
 *
 * <pre>{@code
 * TriggerOptions o = TriggerOptions.defaults().withPriority(Priority.HIGH).withKinds(UpdateKind.ADDED, UpdateKind.UPDATED);
 * }</pre>
 *
 * @param priority     the priority of each run
 * @param kinds        the kinds of change that start a run
 * @param maxAttempts  how many times a run is tried at most
 * @param retryBackoff the wait before a failed run's second attempt (doubling after)
 * @param retention    how long each run's outcome is kept
 */
public record TriggerOptions(Priority priority, Set<UpdateKind> kinds, int maxAttempts, Duration retryBackoff, Duration retention) {

    /** Checks and copies the values. */
    public TriggerOptions {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(retention, "retention");
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("a trigger needs at least one kind of change to react to");
        }
        kinds = Set.copyOf(kinds);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must not be negative, got " + retryBackoff);
        }
        if (retention.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
    }

    /** NORMAL priority, every kind of change, 3 attempts 100 ms apart (doubling), outcomes kept 10 minutes. */
    public static TriggerOptions defaults() {
        return new TriggerOptions(Priority.NORMAL, EnumSet.allOf(UpdateKind.class), 3, Duration.ofMillis(100), Duration.ofMinutes(10));
    }

    /** A copy with this priority. */
    public TriggerOptions withPriority(Priority p) {
        return new TriggerOptions(p, kinds, maxAttempts, retryBackoff, retention);
    }

    /** A copy reacting only to these kinds of change. */
    public TriggerOptions withKinds(UpdateKind first, UpdateKind... more) {
        return new TriggerOptions(priority, EnumSet.of(first, more), maxAttempts, retryBackoff, retention);
    }

    /** A copy with this bound on attempts. */
    public TriggerOptions withMaxAttempts(int n) {
        return new TriggerOptions(priority, kinds, n, retryBackoff, retention);
    }

    /** A copy with this first back-off. */
    public TriggerOptions withRetryBackoff(Duration d) {
        return new TriggerOptions(priority, kinds, maxAttempts, d, retention);
    }
}
