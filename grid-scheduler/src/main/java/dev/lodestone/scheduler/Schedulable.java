package dev.lodestone.scheduler;

/**
 * What a {@link TaskQueue} needs to know about an entry to place it: how urgent it is, who
 * submitted it and where it stands in that submitter's submit order; and, for the scheduling code
 * around the queue, when it arrived.
 *
 * <p>The level, submitter and sequence must not change while the entry is queued: the queue files
 * the entry under them and finds it again by them in {@link TaskQueue#remove(Schedulable)}.
 *
 * <p>The queue itself keeps no time per entry and reads none from it: it ages whole levels by when
 * each was last served (see {@link TaskQueue}), not entries by when they arrived.
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
     * The {@link #enqueuedNanos()} of an entry without an arrival time. A clock reading of exactly
     * this value is taken to mean the same.
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
     * When the entry arrived, read from the {@link Clock} of the queue it is offered to
     * ({@link TaskQueue#clock()}) just before it is offered: the task's arrival time, from which the
     * scheduling code around the queue measures, for example, how long a task has waited for its
     * preferred member (locality delay scheduling). {@link TaskQueue} does not read it: its aging
     * goes by when each level was last served, so an old entry is not put ahead of a fresh urgent one
     * for its age.
     *
     * <p>The default is {@link #UNTIMED}: the entry has no arrival time.
     *
     * <pre>{@code
     * long enqueuedNanos = queue.clock().nanoTime(); // kept in a field of the task
     * }</pre>
     */
    default long enqueuedNanos() {
        return UNTIMED;
    }
}
