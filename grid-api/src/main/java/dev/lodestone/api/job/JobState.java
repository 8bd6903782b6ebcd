package dev.lodestone.api.job;

/**
 * Where a durable job stands.
 *
 * <pre>{@code
 * if (grid.job(id).status().state() == JobState.RUNNING) { ... }
 * }</pre>
 */
public enum JobState {
    /** Some tasks have not finished yet. */
    RUNNING,
    /** Every task succeeded. */
    SUCCEEDED,
    /** Every task finished, and at least one failed for good or was lost with every replica of its partition. */
    FAILED
}
