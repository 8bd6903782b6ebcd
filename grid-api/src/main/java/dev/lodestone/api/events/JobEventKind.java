package dev.lodestone.api.events;

/**
 * A step in a durable job's life, as {@link EventBus#jobEvents()} reports it.
 *
 * <pre>{@code
 * grid.events().jobEvents().subscribe(e -> { if (e.payload().kind() == JobEventKind.FINISHED) report(e.payload()); });
 * }</pre>
 */
public enum JobEventKind {
    /** The grid holds the job: its record is stored and its tasks are being stored. */
    STARTED,
    /** More of its tasks finished; at most a few a second per member that runs them. */
    PROGRESS,
    /** Every task finished (succeeded, failed for good, or lost with every replica of its partition); published once. */
    FINISHED
}
