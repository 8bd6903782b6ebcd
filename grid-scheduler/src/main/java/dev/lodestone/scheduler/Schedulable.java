package dev.lodestone.scheduler;

/**
 * What a {@link TaskQueue} needs to know about an entry to place it: how urgent it is, who
 * submitted it, and where it stands in that submitter's submit order.
 *
 * <p>The three values must not change while the entry is queued: the queue files the entry under
 * them and finds it again by them in {@link TaskQueue#remove(Schedulable)}.
 *
 * <pre>{@code
 * record QueuedTask(TaskId id, Priority priority, byte[] payload) implements Schedulable {
 *     public int priorityLevel() { return priority.ordinal(); }
 *     public long submitterId()  { return id.submitter(); }
 *     public long sequence()     { return id.sequence(); }
 * }
 * }</pre>
 */
public interface Schedulable {

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
}
