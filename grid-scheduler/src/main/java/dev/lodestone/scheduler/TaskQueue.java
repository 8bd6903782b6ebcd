package dev.lodestone.scheduler;

import dev.lodestone.api.task.Priority;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A member's queue of tasks waiting for a worker: bounded, ordered by priority, and fair between
 * submitters within a priority.
 *
 * <pre>{@code
 * TaskQueue<QueuedTask> queue = TaskQueue.forPriorities(100_000);
 * if (!queue.offer(task)) {
 *     reject(task);                  // full: the caller answers the client, nothing is dropped
 * }
 * QueuedTask next = queue.poll();    // null when empty
 * }</pre>
 *
 * <p>Design note.
 *
 * <p>Concurrency: none inside. The queue is touched only by the member's connection readers (offer,
 * remove) and workers (poll, drainTo), and they already share one lock in the executor to count
 * and wake workers; a second layer of synchronization here would only add cost. {@link #offerAll}
 * and {@link #drainTo} exist so a whole frame of tasks, or a worker's share of them, costs one lock
 * hold rather than one per task.
 *
 * <p>Order: the highest non-empty priority level is served first. Within a level the queue keeps
 * one FIFO per submitter and a ring of those FIFOs: each {@link #poll()} takes the oldest task of
 * the submitter at the front of the ring and sends that submitter to the back. Submitters join the
 * back of the ring when they go from no tasks at a level to some, so a submitter with a million
 * tasks queued delays another submitter's first task by at most one task per submitter ahead of it.
 * A single global FIFO per level would make that wait a million tasks long. Priority is strict: a
 * task at a lower level waits while any higher level has work; ageing, if wanted, belongs to
 * whoever picks the priority.
 *
 * <p>Removal: cancellation must not scan a million tasks under the lock that the workers wait on,
 * and keeping an index from task to position would cost a map entry per task. Instead a task is
 * found from its own fields: its level, then its submitter's FIFO by a hash lookup, then its slot
 * by binary search on {@link Schedulable#sequence()}, which rises in offer order for a normal
 * submitter. The slot is overwritten by a small tombstone that keeps only the sequence, so the task
 * is freed at once and the FIFO stays sorted; tombstones are compacted away once they outnumber
 * the live tasks of that FIFO. {@link #size()} counts live tasks only. See {@link SubmitterQueue}.
 *
 * <p>Memory: a queued task costs one array slot and nothing else. Submitter FIFOs are power-of-two
 * ring buffers that hold no more tombstones than live tasks, so {@code n} queued tasks occupy at most
 * {@code 2n} slots. Like an ArrayDeque, a ring does not shrink as it is polled; it goes, with its
 * map entry and ring link, as soon as its submitter has no tasks left at that level, so memory
 * follows the live submitters, not every submitter ever seen.
 *
 * <p>THREADING: not thread-safe. The member's task executor guards each queue with one lock; every
 * call must hold it.
 *
 * @param <T> the queued entry, which tells the queue its level, submitter and sequence
 */
public final class TaskQueue<T extends Schedulable> {

    /**
     * The largest capacity a queue accepts: one submitter's FIFO is a single array, and arrays of
     * power-of-two length stop at {@code 1 << 30}.
     */
    public static final int MAX_CAPACITY = SubmitterQueue.MAX_SLOTS;

    private final Level<T>[] levels;
    private final int capacity;
    private int size;
    /** No level above this one has tasks; saves scanning empty top levels on every poll. */
    private int top;

    /**
     * Creates an empty queue with {@code levels} priority levels, numbered {@code 0} (least urgent)
     * to {@code levels - 1}, that holds at most {@code capacity} tasks.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = new TaskQueue<>(Priority.values().length, 100_000);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code levels} is less than 1, or {@code capacity} is less
     *         than 1 or more than {@link #MAX_CAPACITY}
     */
    public TaskQueue(int levels, int capacity) {
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be at least 1, was " + levels);
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + ", was " + capacity);
        }
        @SuppressWarnings("unchecked") // generic array creation; the array never leaves this object
        Level<T>[] array = (Level<T>[]) new Level<?>[levels];
        for (int i = 0; i < levels; i++) {
            array[i] = new Level<>();
        }
        this.levels = array;
        this.capacity = capacity;
    }

    /**
     * Creates an empty queue with one level per {@link Priority}, level {@code p.ordinal()} for
     * priority {@code p}.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = TaskQueue.forPriorities(100_000);
     * queue.levels(); // 5
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1 or more than {@link #MAX_CAPACITY}
     */
    public static <T extends Schedulable> TaskQueue<T> forPriorities(int capacity) {
        return new TaskQueue<>(Priority.values().length, capacity);
    }

    /**
     * Adds {@code task} behind the tasks its submitter already has queued at the task's level, if
     * there is room.
     *
     * <pre>{@code
     * if (!queue.offer(task)) {
     *     throw new TaskRejectedException("queue full: " + queue.capacity() + " tasks");
     * }
     * }</pre>
     *
     * @return true if added; false if the queue holds {@link #capacity()} tasks, and then the queue is unchanged
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task's priority level is outside {@code 0..levels()-1}
     */
    public boolean offer(T task) {
        checkLevel(task);
        if (size == capacity) {
            return false;
        }
        add(task);
        return true;
    }

    /**
     * Adds tasks from the front of {@code tasks}, in list order, until all are added or the queue is
     * full.
     *
     * <pre>{@code
     * int added = queue.offerAll(batch);
     * batch.subList(added, batch.size()).forEach(this::reject);
     * }</pre>
     *
     * @return how many tasks were added: those at indexes {@code 0} to the result minus 1
     * @throws NullPointerException if {@code tasks} or one of the tasks that would be added is null
     * @throws IllegalArgumentException if one of the tasks that would be added has a priority level
     *         outside {@code 0..levels()-1}; then none is added
     */
    public int offerAll(List<T> tasks) {
        int n = Math.min(tasks.size(), capacity - size);
        // Validate before adding so a bad task in a batch leaves the queue as it was, not half-filled.
        Iterator<T> it = tasks.iterator();
        for (int i = 0; i < n; i++) {
            checkLevel(it.next());
        }
        it = tasks.iterator();
        for (int i = 0; i < n; i++) {
            add(it.next());
        }
        return n;
    }

    /**
     * Removes and returns the next task: from the most urgent level that has tasks, the oldest task
     * of the submitter whose turn it is at that level.
     *
     * <pre>{@code
     * QueuedTask next = queue.poll();
     * if (next != null) {
     *     run(next);
     * }
     * }</pre>
     *
     * @return the next task, or null if the queue is empty
     */
    public T poll() {
        if (size == 0) {
            return null;
        }
        while (levels[top].size == 0) {
            top--;
        }
        Level<T> level = levels[top];
        SubmitterQueue<T> turn = level.head;
        T task = turn.poll();
        level.size--;
        size--;
        if (turn.isEmpty()) {
            level.unlink(turn);
        } else {
            level.head = turn.next;
        }
        return task;
    }

    /**
     * Removes up to {@code max} tasks, in the order {@link #poll()} would return them, and adds them
     * to {@code out}.
     *
     * <pre>{@code
     * List<QueuedTask> batch = new ArrayList<>(32);
     * queue.drainTo(batch, 32);  // then run them outside the lock
     * }</pre>
     *
     * @return how many tasks were moved
     * @throws NullPointerException if {@code out} is null
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public int drainTo(Collection<? super T> out, int max) {
        Objects.requireNonNull(out, "out");
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        int n = Math.min(max, size);
        for (int i = 0; i < n; i++) {
            out.add(poll());
        }
        return n;
    }

    /**
     * Removes {@code task} if it is queued, so a cancelled task never reaches a worker. The queued
     * entry is found by the task's level, submitter and sequence and must be {@code equals} to
     * {@code task}. Costs O(log n) in the submitter's tasks at that level while the submitter's
     * sequences rise in offer order, O(n) in them otherwise.
     *
     * <pre>{@code
     * if (queue.remove(task)) {
     *     reply(task, CANCELLED);
     * } // else a worker already took it
     * }</pre>
     *
     * @return true if the task was queued and is now removed
     * @throws NullPointerException if {@code task} is null
     */
    public boolean remove(T task) {
        int l = Objects.requireNonNull(task, "task").priorityLevel();
        if (l < 0 || l >= levels.length) {
            return false;
        }
        Level<T> level = levels[l];
        SubmitterQueue<T> queue = level.bySubmitter.get(task.submitterId());
        if (queue == null || !queue.remove(task)) {
            return false;
        }
        level.size--;
        size--;
        if (queue.isEmpty()) {
            level.unlink(queue);
        }
        return true;
    }

    /**
     * How many tasks are queued.
     *
     * <pre>{@code
     * metrics.gauge("queue.size", queue.size());
     * }</pre>
     */
    public int size() {
        return size;
    }

    /**
     * How many tasks are queued at one priority level.
     *
     * <pre>{@code
     * int critical = queue.size(Priority.CRITICAL.ordinal());
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code level} is outside {@code 0..levels()-1}
     */
    public int size(int level) {
        if (level < 0 || level >= levels.length) {
            throw new IllegalArgumentException("level must be between 0 and " + (levels.length - 1) + ", was " + level);
        }
        return levels[level].size;
    }

    /**
     * Whether no task is queued.
     *
     * <pre>{@code
     * while (queue.isEmpty()) {
     *     notEmpty.await();
     * }
     * }</pre>
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * The most tasks the queue holds; {@link #offer} refuses more.
     *
     * <pre>{@code
     * int free = queue.capacity() - queue.size();
     * }</pre>
     */
    public int capacity() {
        return capacity;
    }

    /**
     * How many priority levels the queue has; valid levels are {@code 0..levels()-1}.
     *
     * <pre>{@code
     * TaskQueue.forPriorities(10).levels(); // Priority.values().length
     * }</pre>
     */
    public int levels() {
        return levels.length;
    }

    /** How many submitters have tasks queued at {@code level}; lets tests see that empty submitters are let go. */
    int submitters(int level) {
        return levels[level].bySubmitter.size();
    }

    /** Ring slots held at {@code level}, tombstones included; lets tests see that tombstones are reclaimed. */
    int slotsUsed(int level) {
        int n = 0;
        for (SubmitterQueue<T> q : levels[level].bySubmitter.values()) {
            n += q.slotsUsed();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TaskQueue[size=").append(size).append('/').append(capacity).append(", levels=[");
        for (int i = 0; i < levels.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(levels[i].size);
        }
        return sb.append("]]").toString();
    }

    private void checkLevel(T task) {
        int l = Objects.requireNonNull(task, "task").priorityLevel();
        if (l < 0 || l >= levels.length) {
            throw new IllegalArgumentException("priority level must be between 0 and " + (levels.length - 1) + ", was " + l
                    + " (submitter " + task.submitterId() + ", sequence " + task.sequence() + ")");
        }
    }

    private void add(T task) {
        int l = task.priorityLevel();
        Level<T> level = levels[l];
        SubmitterQueue<T> queue = level.bySubmitter.get(task.submitterId());
        if (queue == null) {
            queue = new SubmitterQueue<>(task.submitterId());
            level.bySubmitter.put(queue.submitterId, queue);
            level.link(queue);
        }
        queue.add(task);
        level.size++;
        size++;
        if (l > top) {
            top = l;
        }
    }

    /**
     * One priority level: its submitters' FIFOs by id, and the same FIFOs in a circular doubly
     * linked ring in turn order. The ring is linked through the FIFOs themselves so that a
     * submitter emptied by {@link TaskQueue#remove} leaves it in O(1), where an ArrayDeque of
     * submitters would need a scan.
     */
    private static final class Level<T extends Schedulable> {
        final Map<Long, SubmitterQueue<T>> bySubmitter = new HashMap<>();
        /** Whose turn it is; null when the level is empty. {@code head.prev} is the back of the ring. */
        SubmitterQueue<T> head;
        int size;

        void link(SubmitterQueue<T> queue) {
            if (head == null) {
                queue.prev = queue;
                queue.next = queue;
                head = queue;
            } else {
                SubmitterQueue<T> back = head.prev;
                back.next = queue;
                queue.prev = back;
                queue.next = head;
                head.prev = queue;
            }
        }

        void unlink(SubmitterQueue<T> queue) {
            if (queue.next == queue) {
                head = null;
            } else {
                queue.prev.next = queue.next;
                queue.next.prev = queue.prev;
                if (head == queue) {
                    head = queue.next;
                }
            }
            queue.prev = null;
            queue.next = null;
            bySubmitter.remove(queue.submitterId);
        }
    }
}
