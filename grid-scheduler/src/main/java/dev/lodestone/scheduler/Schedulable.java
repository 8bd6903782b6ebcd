package dev.lodestone.scheduler;

/**
 * What a {@link TaskQueue} needs to know about an entry to place it: how urgent it is, who
 * submitted it, where it stands in that submitter's submit order, and since when it has waited.
 *
 * <p>The four values must not change while the entry is queued: the queue files the entry under
 * them and finds it again by them in {@link TaskQueue#remove(Schedulable)}.
 *
 * <p>The entry carries its own enqueue time so that the queue stores nothing per entry but one
 * array slot: an entry that does not override {@link #enqueuedNanos()} is {@link #UNTIMED} and
 * never ages.
 *
 * <pre>{@code
 * record QueuedTask(TaskId id, Priority priority, long enqueuedNanos, byte[] payload) implements Schedulable {
 *     public int priorityLevel() { return priority.ordinal(); }
 *     public long submitterId()  { return id.submitter(); }
 *     public long sequence()     { return id.sequence(); }
 * }
 * queue.offer(new QueuedTask(id, Priority.LOW, queue.clock().nanoTime(), payload));
 * }</pre>
 */
public interface Schedulable {

    /**
     * The {@link #enqueuedNanos()} of an entry without an enqueue time. Such an entry never ages: it
     * keeps its own level however long it waits, as under {@link AgingPolicy#strict()}. A clock
     * reading of exactly this value is taken to mean the same.
     */
    long UNTIMED = Long.MIN_VALUE;

    /**
     * The priority level, from {@code 0} to {@code levels - 1} of the queue; higher is more urgent.
     * For a {@link dev.lodestone.api.task.Priority} this is its {@code ordinal()}.
     *
     * <pre>{@code
     * int level = Priority.HIGH.ordinal(); // 3
     * }</pre>
     */
    int priorityLevel();

    /**
     * The client or job that submitted the entry. Entries of one submitter at one level share a
     * turn in the queue's round-robin, so one busy submitter cannot starve the others.
     *
     * <pre>{@code
     * long submitter = taskId.submitter();
     * }</pre>
     */
    long submitterId();

    /**
     * The entry's number in its submitter's submit order. Sequences that rise in the order a
     * submitter's entries are offered let {@link TaskQueue#remove(Schedulable)} find an entry by
     * binary search; other orders are accepted and still served in offer order.
     *
     * <pre>{@code
     * long sequence = taskId.sequence(); // 1, 2, 3, ... per submitter
     * }</pre>
     */
    long sequence();

    /**
     * When the entry was queued, read from the {@link Clock} of the queue it is offered to
     * ({@link TaskQueue#clock()}); the queue ages the entry from this moment. Stamp it when the task
     * arrives, just before it is offered. The bound that {@link TaskQueue} states assumes that one
     * submitter's entries at one level are offered in the order of these times, which holds when
     * they are stamped from the queue's clock as they arrive. An entry offered behind a newer one of
     * the same submitter and level is still served in offer order; its bound then counts from when
     * it reaches the front of that submitter's entries.
     *
     * <p>The default is {@link #UNTIMED}: the entry never ages.
     *
     * <pre>{@code
     * long enqueuedNanos = queue.clock().nanoTime(); // kept in a field of the task
     * }</pre>
     */
    default long enqueuedNanos() {
        return UNTIMED;
    }
}
