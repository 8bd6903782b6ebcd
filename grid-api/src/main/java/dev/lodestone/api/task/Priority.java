package dev.lodestone.api.task;

/**
 * How urgent a task is. Queued tasks start in priority order on every member; a running task is
 * never pre-empted.
 *
 * <pre>{@code
 * grid.submit(task, SubmitOptions.defaults().withPriority(Priority.HIGH));
 * }</pre>
 */
public enum Priority {
    /** Work that may wait for everything else. */
    BACKGROUND,
    /** Below normal. */
    LOW,
    /** The default. */
    NORMAL,
    /** Ahead of normal work. */
    HIGH,
    /** Ahead of everything: interactive requests, alerts. */
    CRITICAL;

    private static final Priority[] VALUES = values();

    /** The priority whose {@link #ordinal()} is {@code level}. */
    public static Priority ofLevel(int level) {
        if (level < 0 || level >= VALUES.length) {
            throw new IllegalArgumentException("priority level " + level + " is outside 0.." + (VALUES.length - 1));
        }
        return VALUES[level];
    }
}
