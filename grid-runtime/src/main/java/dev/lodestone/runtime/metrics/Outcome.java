package dev.lodestone.runtime.metrics;

/**
 * How a task ended, as far as the counters of {@link dev.lodestone.api.metrics.TaskCounters} go.
 *
 * <pre>{@code
 * metrics.finished(level, Outcome.TIMED_OUT, runNanos);
 * }</pre>
 */
public enum Outcome {
    /** Finished with a result. */
    SUCCEEDED,
    /** Finished by throwing. */
    FAILED,
    /** Cancelled, queued or running. */
    CANCELLED,
    /** Past its deadline, queued or running. */
    TIMED_OUT,
    /** Refused: queue full, a type the member cannot read, a result that cannot be sent back. */
    REJECTED
}
