package dev.lodestone.scheduler;

import dev.lodestone.api.task.Priority;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A member's queue of tasks waiting for a worker: bounded, ordered by priority, fair between
 * submitters within a priority, and aging, so that no task starves behind higher work.
 *
 * <pre>{@code
 * TaskQueue<QueuedTask> queue = TaskQueue.forPriorities(100_000, Clock.system(), AgingPolicy.defaults());
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
 * one FIFO per submitter and a ring of those FIFOs: each turn takes the oldest task of the
 * submitter at the front of the ring and sends that submitter to the back. Submitters join the
 * back of the ring when they go from no tasks at a level to some, so a submitter with a million
 * tasks queued delays another submitter's first task by at most one task per submitter ahead of it.
 * A single global FIFO per level would make that wait a million tasks long.
 *
 * <p>Aging: strict priority would let a steady flow of urgent work starve every lower level for
 * ever. Each task says when it was queued ({@link Schedulable#enqueuedNanos()}, read from
 * {@link #clock()}). With the {@link AgingPolicy#step() step} {@code s} of the queue's
 * {@link AgingPolicy} and {@code top = levels() - 1}, a task queued at level {@code L} at time
 * {@code t} has, at time {@code now}, the <em>effective level</em>
 * <pre>
 *     eff = min(top, L + floor((now - t) / s))
 * </pre>
 * Each {@link #poll()} weighs at most {@link #levels()} candidates: the task whose turn it is at
 * the highest non-empty level {@code H}, and, for each non-empty level below {@code H}, that
 * level's oldest head, the earliest queued of its submitters' first tasks. It returns the first of
 * them in this order:
 * <ol>
 *   <li>higher effective level first;</li>
 *   <li>then earlier enqueue time (a task without one, {@link Schedulable#UNTIMED}, counts as
 *       queued last);</li>
 *   <li>then lower {@link Schedulable#sequence() sequence};</li>
 *   <li>then higher level.</li>
 * </ol>
 * So a lower task overtakes the turn at {@code H} when its effective level passes the turn's, or
 * reaches it and the lower task was queued earlier; at the top level, tasks aged up to it and tasks
 * queued there compete by enqueue time. Aging never reorders a level against itself: the turn at
 * {@code H} is still given round-robin, and a task lifted out of a lower level leaves that level's
 * ring as it was, its submitter keeping its place. Under a flood of higher work a lower level is
 * therefore drained oldest task first, whichever submitter it belongs to. {@link Schedulable#UNTIMED}
 * tasks never age, and with {@link AgingPolicy#strict()} no task does: the order is then strict
 * priority. The cost is at most {@code levels()} comparisons and one clock reading per poll (none
 * while no level below {@code H} holds a timed task), plus {@code O(log s)} to keep each level's
 * heap of its {@code s} submitters' heads ordered by enqueue time; no poll looks at more than one
 * task per level.
 *
 * <p>The bound. Let task {@code X} be queued at level {@code L} at time {@code t}, behind only
 * tasks of its submitter queued no later (they are, when enqueue times are stamped from the queue's
 * clock on arrival), and let {@code D = t + (top - L) * s}, the moment its effective level reaches
 * {@code top}. From {@code D} on, at every poll that finds a level above {@code L} non-empty, the
 * oldest head of level {@code L} is a candidate; it was queued no later than {@code X}, so it is at
 * the top too, and whatever wins is at the top and was queued no later than that head. Hence every
 * such poll returns {@code X} or a task queued at or before {@code t}: once at the top, and while a
 * level above its own has work, {@code X} is overtaken by no task that arrived after it. So, <strong>under sustained higher-priority load
 * (some level above {@code L} has tasks at every poll from {@code D} on), {@code X} is returned by
 * one of the first {@code Q + 1} polls from {@code D}</strong>, where {@code Q} is the number of
 * other tasks queued at or before {@code t} still waiting at {@code D} ({@code Q < capacity()}).
 * With {@code W} workers each running a task for at most {@code R}, {@code X} starts by
 * <pre>
 *     t + (top - L) * s + ceil((Q + 1) / W) * R
 * </pre>
 * however much higher work keeps arriving: with the default step and five levels, the first term
 * is at most 2 s after {@code t}. The tasks counted in {@code Q} are those ahead of {@code X} at the
 * top: the round-robin turn at the top level overtakes {@code X} only while that turn was queued
 * before {@code X}. Where no level above {@code L} has work, {@code X}'s own level is served by its
 * ring as above (its submitter's earlier tasks, then one turn per other submitter per round), and a
 * lower task lifted past a turn there was queued no later than the task whose turn it is. Before
 * {@code D}, {@code X} has no guarantee beyond strict priority.
 *
 * <p>The price of the bound: every task counts as urgent once it has waited long enough. A backlog
 * of lower tasks older than {@code (top - L) * s} is at the top, and a fresh task of a higher level
 * then waits behind the part of that backlog queued before it, oldest first. Where urgent tasks must
 * stay fast behind a deep, old backlog, choose a step longer than the backlog's age, or
 * {@link AgingPolicy#strict()}.
 *
 * <p>Removal: cancellation must not scan a million tasks under the lock that the workers wait on,
 * and keeping an index from task to position would cost a map entry per task. Instead a task is
 * found from its own fields: its level, then its submitter's FIFO by a hash lookup, then its slot
 * by binary search on {@link Schedulable#sequence()}, which rises in offer order for a normal
 * submitter. The slot is overwritten by a small tombstone that keeps only the sequence, so the task
 * is freed at once and the FIFO stays sorted; tombstones are compacted away once they outnumber
 * the live tasks of that FIFO. {@link #size()} counts live tasks only. See {@link SubmitterQueue}.
 * Removing a submitter's first task moves that submitter in its level's heap, in {@code O(log s)}.
 *
 * <p>Memory: a queued task costs one array slot and nothing else; its enqueue time lives in the task.
 * Submitter FIFOs are power-of-two ring buffers that hold no more tombstones than live tasks, so
 * {@code n} queued tasks occupy at most {@code 2n} slots. Like an ArrayDeque, a ring does not shrink
 * as it is polled; it goes, with its map entry, ring link and heap slot, as soon as its submitter
 * has no tasks left at that level, so memory follows the live submitters, not every submitter ever
 * seen.
 *
 * <p>THREADING: not thread-safe. The member's task executor guards each queue with one lock; every
 * call must hold it. The {@link Clock} is read under that lock, by {@link #poll()} and
 * {@link #drainTo}.
 *
 * @param <T> the queued entry, which tells the queue its level, submitter, sequence and enqueue time
 */
public final class TaskQueue<T extends Schedulable> {

    /**
     * The largest capacity a queue accepts: one submitter's FIFO is a single array, and arrays of
     * power-of-two length stop at {@code 1 << 30}.
     */
    public static final int MAX_CAPACITY = SubmitterQueue.MAX_SLOTS;

    private final Level<T>[] levels;
    private final int capacity;
    private final Clock clock;
    private final AgingPolicy aging;
    /** Whether tasks age; when false, the levels' heaps stay empty and poll never reads the clock. */
    private final boolean ages;
    private final long stepNanos;
    private final int topLevel;
    private int size;
    /** No level above this one has tasks; saves scanning empty top levels on every poll. */
    private int highest;
    private long lifted;

    /**
     * Creates an empty queue with {@code levels} priority levels, numbered {@code 0} (least urgent)
     * to {@code levels - 1}, that holds at most {@code capacity} tasks, on {@link Clock#system()}
     * with {@link AgingPolicy#defaults()}.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = new TaskQueue<>(Priority.values().length, 100_000);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code levels} is less than 1, or {@code capacity} is less
     *         than 1 or more than {@link #MAX_CAPACITY}
     */
    public TaskQueue(int levels, int capacity) {
        this(levels, capacity, Clock.system(), AgingPolicy.defaults());
    }

    /**
     * Creates an empty queue with {@code levels} priority levels, numbered {@code 0} (least urgent)
     * to {@code levels - 1}, that holds at most {@code capacity} tasks and ages them by
     * {@code aging} on {@code clock}.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = new TaskQueue<>(5, 100_000, Clock.system(), AgingPolicy.every(Duration.ofSeconds(1)));
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code levels} is less than 1, or {@code capacity} is less
     *         than 1 or more than {@link #MAX_CAPACITY}
     * @throws NullPointerException if {@code clock} or {@code aging} is null
     */
    public TaskQueue(int levels, int capacity, Clock clock, AgingPolicy aging) {
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
        this.clock = Objects.requireNonNull(clock, "clock");
        this.aging = Objects.requireNonNull(aging, "aging");
        this.ages = aging.enabled() && levels > 1;
        this.stepNanos = aging.stepNanos();
        this.topLevel = levels - 1;
    }

    /**
     * Creates an empty queue with one level per {@link Priority}, level {@code p.ordinal()} for
     * priority {@code p}, on {@link Clock#system()} with {@link AgingPolicy#defaults()}.
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
     * Creates an empty queue with one level per {@link Priority}, level {@code p.ordinal()} for
     * priority {@code p}, that ages tasks by {@code aging} on {@code clock}.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = TaskQueue.forPriorities(100_000, clock, AgingPolicy.strict());
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1 or more than {@link #MAX_CAPACITY}
     * @throws NullPointerException if {@code clock} or {@code aging} is null
     */
    public static <T extends Schedulable> TaskQueue<T> forPriorities(int capacity, Clock clock, AgingPolicy aging) {
        return new TaskQueue<>(Priority.values().length, capacity, clock, aging);
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
     * Removes and returns the next task: the task whose turn it is at the most urgent level that has
     * tasks, unless a task of a lower level has aged past it (see the class comment for the order).
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
        while (levels[highest].size == 0) {
            highest--;
        }
        int from = ages ? agedPast() : -1;
        boolean inTurn = from < 0;
        if (inTurn) {
            from = highest;
        } else {
            lifted++;
        }
        Level<T> level = levels[from];
        SubmitterQueue<T> queue = inTurn ? level.head : level.heap[0];
        T task = queue.poll();
        level.size--;
        size--;
        if (queue.isEmpty()) {
            level.unlink(queue);
        } else {
            if (inTurn) {
                level.head = queue.next;
            }
            if (ages) {
                level.headChanged(queue);
            }
        }
        return task;
    }

    /**
     * The level below {@link #highest} whose oldest head comes before the turn at {@code highest},
     * or -1 if none does. Implements the order stated in the class comment: effective level, then
     * enqueue time, then sequence, then level; the loop runs downwards and replaces the best only on
     * a strict win, which makes the higher level win a full tie.
     */
    private int agedPast() {
        int best = -1;
        T first = null;
        int firstLevel = 0;
        long now = 0;
        for (int l = highest - 1; l >= 0; l--) {
            Level<T> level = levels[l];
            if (level.heapSize == 0) {
                continue;
            }
            if (first == null) {
                now = clock.nanoTime();
                first = levels[highest].head.peek();
                firstLevel = effectiveLevel(first, highest, now);
            }
            T head = level.heap[0].peek();
            int eff = effectiveLevel(head, l, now);
            if (eff > firstLevel || eff == firstLevel && queuedBefore(head, first)) {
                best = l;
                first = head;
                firstLevel = eff;
            }
        }
        return best;
    }

    /** {@code min(top, level + floor((now - enqueued) / step))}; {@code level} for an untimed task or one from the future. */
    private int effectiveLevel(T task, int level, long now) {
        long enqueued = task.enqueuedNanos();
        if (enqueued == Schedulable.UNTIMED) {
            return level;
        }
        long waited = now - enqueued;
        if (waited < stepNanos) {
            return level;
        }
        long steps = waited / stepNanos;
        return steps >= topLevel - level ? topLevel : level + (int) steps;
    }

    /**
     * Whether timed {@code a} comes before {@code b} at the same effective level: earlier enqueue
     * time, an untimed {@code b} counting as queued last, then lower sequence.
     */
    private static boolean queuedBefore(Schedulable a, Schedulable b) {
        long tb = b.enqueuedNanos();
        if (tb == Schedulable.UNTIMED) {
            return true;
        }
        long d = a.enqueuedNanos() - tb;
        return d != 0 ? d < 0 : a.sequence() < b.sequence();
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

    /** PLACEHOLDER until the queue branch lands: naive take by draining and re-offering. */
    public int takeMatching(java.util.function.Predicate<? super T> eligible, int max, int scanLimit, Collection<? super T> out) {
        java.util.List<T> all = new java.util.ArrayList<>();
        drainTo(all, size);
        int n = 0;
        for (T t : all) {
            if (n < max && eligible.test(t)) {
                out.add(t);
                n++;
            } else {
                offer(t);
            }
        }
        return n;
    }

    /**
     * Removes {@code task} if it is queued, so a cancelled task never reaches a worker. The queued
     * entry is found by the task's level, submitter and sequence and must be {@code equals} to
     * {@code task}. Costs O(log n) in the submitter's tasks at that level while the submitter's
     * sequences rise in offer order, O(n) in them otherwise, plus O(log s) in the level's submitters
     * when the task was its submitter's first.
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
        if (queue == null) {
            return false;
        }
        T head = queue.peek();
        if (!queue.remove(task)) {
            return false;
        }
        level.size--;
        size--;
        if (queue.isEmpty()) {
            level.unlink(queue);
        } else if (ages && queue.peek() != head) {
            level.headChanged(queue);
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

    /**
     * The clock the queue ages tasks by; stamp {@link Schedulable#enqueuedNanos()} from it.
     *
     * <pre>{@code
     * long enqueuedNanos = queue.clock().nanoTime();
     * }</pre>
     */
    public Clock clock() {
        return clock;
    }

    /**
     * How the queue ages waiting tasks.
     *
     * <pre>{@code
     * Duration toTop = queue.aging().timeToTop(Priority.LOW.ordinal(), queue.levels() - 1);
     * }</pre>
     */
    public AgingPolicy aging() {
        return aging;
    }

    /**
     * How many tasks {@link #poll()} and {@link #drainTo} have returned ahead of the turn at the most
     * urgent level because they had aged past it; a rising count means lower levels would otherwise
     * starve.
     *
     * <pre>{@code
     * metrics.counter("queue.aged", queue.liftedByAging());
     * }</pre>
     */
    public long liftedByAging() {
        return lifted;
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
        return sb.append("], aging=").append(ages ? aging.step().toString() : "off").append(']').toString();
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
            queue.add(task);
            if (ages) {
                level.headChanged(queue);
            }
        } else {
            queue.add(task);
        }
        level.size++;
        size++;
        if (l > highest) {
            highest = l;
        }
    }

    /**
     * One priority level: its submitters' FIFOs by id, the same FIFOs in a circular doubly linked
     * ring in turn order, and, while tasks age, a binary min-heap of the FIFOs whose first task is
     * timed, ordered by that task's enqueue time, then sequence, then submitter. The ring is linked
     * through the FIFOs themselves so that a submitter emptied by {@link TaskQueue#remove} leaves
     * it in O(1), where an ArrayDeque of submitters would need a scan; each FIFO knows its heap
     * index for the same reason. Only first tasks are in the heap: one submitter's later tasks were
     * queued later, so the oldest task of the level is always at the top of the heap.
     */
    private static final class Level<T extends Schedulable> {
        private static final int MIN_HEAP = 8;

        final Map<Long, SubmitterQueue<T>> bySubmitter = new HashMap<>();
        /** Whose turn it is; null when the level is empty. {@code head.prev} is the back of the ring. */
        SubmitterQueue<T> head;
        int size;
        SubmitterQueue<T>[] heap = newHeap(MIN_HEAP);
        int heapSize;

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
            if (queue.heapIndex >= 0) {
                heapRemove(queue);
            }
            bySubmitter.remove(queue.submitterId);
        }

        /** Files a non-empty FIFO whose first task changed (or that just got its first) where it now belongs in the heap. */
        void headChanged(SubmitterQueue<T> queue) {
            boolean timed = queue.peek().enqueuedNanos() != Schedulable.UNTIMED;
            if (queue.heapIndex < 0) {
                if (timed) {
                    if (heapSize == heap.length) {
                        heap = Arrays.copyOf(heap, heap.length * 2);
                    }
                    heap[heapSize] = queue;
                    queue.heapIndex = heapSize++;
                    siftUp(queue.heapIndex);
                }
            } else if (timed) {
                if (!siftUp(queue.heapIndex)) {
                    siftDown(queue.heapIndex);
                }
            } else {
                heapRemove(queue);
            }
        }

        private void heapRemove(SubmitterQueue<T> queue) {
            int i = queue.heapIndex;
            queue.heapIndex = -1;
            SubmitterQueue<T> last = heap[--heapSize];
            heap[heapSize] = null;
            if (i < heapSize) {
                heap[i] = last;
                last.heapIndex = i;
                if (!siftUp(i)) {
                    siftDown(i);
                }
            }
            // Follow the live submitters down, as the FIFOs and the map do; halving at a quarter keeps it O(1) amortized.
            if (heap.length > MIN_HEAP && heapSize < heap.length / 4) {
                heap = Arrays.copyOf(heap, heap.length / 2);
            }
        }

        /** Moves the FIFO at {@code i} towards the root while it comes first; true if it moved. */
        private boolean siftUp(int i) {
            SubmitterQueue<T> queue = heap[i];
            int start = i;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(queue, heap[parent])) {
                    break;
                }
                heap[i] = heap[parent];
                heap[i].heapIndex = i;
                i = parent;
            }
            heap[i] = queue;
            queue.heapIndex = i;
            return i != start;
        }

        private void siftDown(int i) {
            SubmitterQueue<T> queue = heap[i];
            while (true) {
                int child = 2 * i + 1;
                if (child >= heapSize) {
                    break;
                }
                if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
                    child++;
                }
                if (!before(heap[child], queue)) {
                    break;
                }
                heap[i] = heap[child];
                heap[i].heapIndex = i;
                i = child;
            }
            heap[i] = queue;
            queue.heapIndex = i;
        }

        /** Heap order of two FIFOs by their first tasks: enqueue time, then sequence, then submitter. */
        private static boolean before(SubmitterQueue<?> a, SubmitterQueue<?> b) {
            Schedulable x = a.peek();
            Schedulable y = b.peek();
            long d = x.enqueuedNanos() - y.enqueuedNanos();
            if (d != 0) {
                return d < 0;
            }
            if (x.sequence() != y.sequence()) {
                return x.sequence() < y.sequence();
            }
            return a.submitterId < b.submitterId;
        }

        @SuppressWarnings("unchecked") // generic array creation; the array never leaves this level
        private static <T extends Schedulable> SubmitterQueue<T>[] newHeap(int length) {
            return (SubmitterQueue<T>[]) new SubmitterQueue<?>[length];
        }
    }
}
