package dev.lodestone.api.events;

/**
 * A step in a task's life, as {@link EventBus#taskEvents()} reports it.
 *
 * <pre>{@code
 * grid.events().taskEvents().subscribe(e -> { if (e.payload().kind() == TaskEventKind.FAILED) alert(e.payload()); });
 * }</pre>
 */
public enum TaskEventKind {
    /** Queued on a member. */
    SUBMITTED,
    /** Taken from another member's queue by this member (work stealing). */
    STOLEN,
    /** A worker started it. */
    STARTED,
    /** It returned a result. */
    SUCCEEDED,
    /** It threw, or could not be run or answered (the last error is in the result). */
    FAILED,
    /** A durable task failed and will run again after its back-off. */
    RETRIED,
    /** Cancelled, in the queue or while running. */
    CANCELLED,
    /** Ran past its timeout. */
    TIMED_OUT,
    /** Not a task's step: the member's event buffer was full and {@link TaskEvent#dropped()} events were left out. */
    EVENTS_DROPPED
}
