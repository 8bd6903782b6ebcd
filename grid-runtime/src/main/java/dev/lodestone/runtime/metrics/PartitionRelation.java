package dev.lodestone.runtime.metrics;

/**
 * Where a task started, relative to its partition's data: on the owner, on a member holding a backup of it,
 * or on a member with neither. Tasks without affinity have {@link #NONE} and count in none of the three.
 *
 * <pre>{@code
 * metrics.started(level, waitNanos, PartitionRelation.BACKUP);
 * }</pre>
 */
public enum PartitionRelation {
    /** This member owns the task's partition. */
    OWNER,
    /** This member holds a backup replica of the task's partition. */
    BACKUP,
    /** This member holds no replica of the task's partition. */
    ELSEWHERE,
    /** The task has no partition. */
    NONE
}
