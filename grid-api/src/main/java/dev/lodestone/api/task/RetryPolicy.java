package dev.lodestone.api.task;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a task submitted with {@code submit} may run. An attempt lost with its member (it may have started
 * there) is always run again while attempts are left; an attempt that threw is run again only when
 * {@code onFailure} is set, after {@code backoff}, doubled per attempt (at most a minute). A task's timeout spans all
 * its attempts, so a timed-out task is not run again.
 *
 * <pre>{@code
 * SubmitOptions o = SubmitOptions.affinity("users", id)
 *         .withRetry(RetryPolicy.onFailure(5, Duration.ofMillis(50)));  // an exception is retried up to 4 times
 * TaskHandle<Score> h = grid.submit(new Score(id), o);
 * // a task that fails 5 times ends with TaskFailedException, attempt() == 5
 * }</pre>
 *
 * @param maxAttempts how many attempts a task may have, at least 1
 * @param backoff     the wait before the second attempt after a failure
 * @param onFailure   whether an attempt that threw is retried (member losses always are)
 */
public record RetryPolicy(int maxAttempts, Duration backoff, boolean onFailure) {

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), false);

    /** Checks the values. */
    public RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative, got " + backoff);
        }
    }

    /** Up to 3 attempts, only after member losses: a task that throws fails at once. The default. */
    public static RetryPolicy defaults() {
        return DEFAULT;
    }

    /** One attempt: a task lost with its member fails instead of running again. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, false);
    }

    /** Up to {@code maxAttempts} attempts, after member losses and after failures, {@code backoff} apart (doubling). */
    public static RetryPolicy onFailure(int maxAttempts, Duration backoff) {
        return new RetryPolicy(maxAttempts, backoff, true);
    }

    /** The wait before attempt {@code failedAttempt + 1}. */
    public Duration backoffAfter(int failedAttempt) {
        if (backoff.isZero()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
        long max = MAX_BACKOFF.toMillis();
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis > (max >> doublings) ? max : Math.min(max, millis << doublings));
    }
}
