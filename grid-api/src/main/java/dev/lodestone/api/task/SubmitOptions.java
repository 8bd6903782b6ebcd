package dev.lodestone.api.task;

import java.time.Duration;
import java.util.Objects;

/**
 * How a task is submitted: where it should run, how urgent it is, how long it may take.
 * Immutable; the {@code with...} methods return copies.
 *
 * <pre>{@code
 * SubmitOptions opts = SubmitOptions.affinity("users", userId)
 *         .withPriority(Priority.HIGH)
 *         .withTimeout(Duration.ofSeconds(5));
 * TaskHandle<Score> h = grid.submit(new ScoreUser(userId), opts);
 * }</pre>
 *
 * @param affinity where the task's data lives, or null to run on the least-loaded member
 * @param locality how strictly the affinity binds
 * @param priority how urgent the task is
 * @param timeout  how long the task may take from submission to result, or null for no limit
 * @param retry    how often it may run (member losses, and failures if asked)
 */
public record SubmitOptions(Affinity affinity, Locality locality, Priority priority, Duration timeout, RetryPolicy retry) {

    private static final SubmitOptions DEFAULTS = new SubmitOptions(null, Locality.OWNER, Priority.NORMAL, null,
            RetryPolicy.defaults());

    /** Checks the values. */
    public SubmitOptions {
        Objects.requireNonNull(locality, "locality");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(retry, "retry");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** No affinity, {@link Priority#NORMAL}, no timeout. */
    public static SubmitOptions defaults() {
        return DEFAULTS;
    }

    /** Defaults plus an affinity to the partition holding {@code key} of map {@code mapName}. */
    public static SubmitOptions affinity(String mapName, Object key) {
        return DEFAULTS.withAffinity(Affinity.key(mapName, key));
    }

    /** Defaults plus an affinity to {@code partition}. */
    public static SubmitOptions partition(int partition) {
        return DEFAULTS.withAffinity(Affinity.partition(partition));
    }

    /** A copy with this affinity. */
    public SubmitOptions withAffinity(Affinity newAffinity) {
        return new SubmitOptions(newAffinity, locality, priority, timeout, retry);
    }

    /** A copy with this locality rule. */
    public SubmitOptions withLocality(Locality newLocality) {
        return new SubmitOptions(affinity, newLocality, priority, timeout, retry);
    }

    /** A copy with this priority. */
    public SubmitOptions withPriority(Priority newPriority) {
        return new SubmitOptions(affinity, locality, newPriority, timeout, retry);
    }

    /** A copy with this timeout. */
    public SubmitOptions withTimeout(Duration newTimeout) {
        return new SubmitOptions(affinity, locality, priority, newTimeout, retry);
    }

    /** A copy with this retry policy. */
    public SubmitOptions withRetry(RetryPolicy newRetry) {
        return new SubmitOptions(affinity, locality, priority, timeout, newRetry);
    }
}
