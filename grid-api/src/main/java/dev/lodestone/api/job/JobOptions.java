package dev.lodestone.api.job;

import dev.lodestone.api.task.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the grid keeps a durable job: how long its results stay after each task finishes, and how often a
 * failing task is tried. Immutable; the {@code with...} methods return copies.
 *
 * <pre>{@code
 * JobOptions opts = JobOptions.defaults()
 *         .withRetention(Duration.ofHours(6))   // results stay fetchable by job id for 6 h
 *         .withMaxAttempts(5)                   // a task that keeps throwing is tried 5 times
 *         .withRetryBackoff(Duration.ofMillis(200));
 * JobHandle<Integer> job = grid.submitJob("scores", tasks, opts);
 * }</pre>
 *
 * <p>Attempt {@code n + 1} of a task that threw waits {@code retryBackoff * 2^(n-1)}, at most a minute. A run cut
 * short because its member died counts as an attempt too, so a task that kills its member is not run forever.
 *
 * @param retention    how long a finished task's result (and the job's record) is kept; positive
 * @param maxAttempts  how many times a task is run at most, 1 or more
 * @param retryBackoff the wait before the second attempt of a task that threw; zero retries at once
 */
public record JobOptions(Duration retention, int maxAttempts, Duration retryBackoff) {

    private static final JobOptions DEFAULTS = new JobOptions(Duration.ofHours(1), 3, Duration.ofMillis(100));

    /** Checks the values. */
    public JobOptions {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retention.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("a durable job's result retention must be positive (results are kept that"
                    + " long after each task finishes, to be fetched by job id), got " + retention);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must not be negative, got " + retryBackoff);
        }
    }

    /** Results kept 1 hour, 3 attempts, 100 ms before the first retry. */
    public static JobOptions defaults() {
        return DEFAULTS;
    }

    /** A copy with this retention. */
    public JobOptions withRetention(Duration newRetention) {
        return new JobOptions(newRetention, maxAttempts, retryBackoff);
    }

    /** A copy with this bound on attempts. */
    public JobOptions withMaxAttempts(int newMaxAttempts) {
        return new JobOptions(retention, newMaxAttempts, retryBackoff);
    }

    /** A copy with this first back-off. */
    public JobOptions withRetryBackoff(Duration newBackoff) {
        return new JobOptions(retention, maxAttempts, newBackoff);
    }

    /** The wait before attempt {@code failedAttempt + 1}, after attempt {@code failedAttempt} threw. */
    public Duration backoffAfter(int failedAttempt) {
        return RetryPolicy.onFailure(maxAttempts, retryBackoff).backoffAfter(failedAttempt); // one rule for every retry
    }
}
