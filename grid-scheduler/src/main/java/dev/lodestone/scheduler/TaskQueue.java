package dev.lodestone.scheduler;

import dev.lodestone.api.task.Priority;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A member's queue of tasks waiting for a worker: bounded, ordered by priority, fair between
 * submitters within a priority, and aging, so that no priority level starves behind higher work.
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
 * remove), its workers (poll, drainTo) and whatever answers a steal request (takeMatching), and they
 * share one lock in the executor to count and wake workers; a second layer of synchronization here
 * would only add cost.
 * {@link #offerAll} and {@link #drainTo} exist so a whole frame of tasks, or a worker's share of them,
 * costs one lock hold rather than one per task.
 *
 * <p>Order: the highest priority level with tasks is served first, unless aging lifts a lower one
 * (below). Within a level the queue keeps one FIFO per submitter, and a turn takes the oldest task
 * of the submitter with the least recent service at that level, by the queue's {@link FairShare}:
 * each task given to a submitter counts against it, halving every half-life, and equal usage goes to
 * the submitter served, or arrived, longest ago. Submitters that all keep tasks queued take turns,
 * as in round robin; one that arrives with ten tasks beside another's million goes first until its
 * usage catches up, so a small job is not made to wait on a big one's share of the workers. A single
 * global FIFO per level would make that wait a million tasks long; plain round robin
 * ({@link FairShare#roundRobin()}) would halve the small job's speed. Usage outlives a submitter's
 * FIFO: a submitter whose tasks run out and come back is not taken for a newcomer.
 *
 * <p>Aging: strict priority would let a steady flow of urgent work starve every lower level for ever.
 * The queue ages levels, not tasks. Each level {@code l} keeps {@code served(l)}: the time of the last
 * poll that took a task from it, or the time it went from empty to non-empty, whichever is later
 * ({@link #remove} and {@link #takeMatching} are not service). With the {@link AgingPolicy#step() step}
 * {@code s} of the queue's {@link AgingPolicy} and {@code top = levels() - 1}, a level with tasks has,
 * at time {@code now} on the queue's {@link #clock()}, the <em>effective level</em>
 * <pre>
 *     eff(l) = min(top, l + floor((now - served(l)) / s))
 * </pre>
 * Each {@link #poll()} serves the level with tasks that comes first in this order:
 * <ol>
 *   <li>higher effective level;</li>
 *   <li>then earlier {@code served(l)}: the level that has waited longer;</li>
 *   <li>then higher level.</li>
 * </ol>
 * From that level it takes the task whose turn it is, as if the level were the highest: aging picks
 * the level, never the task, so a lifted level keeps its round robin and its FIFOs. With
 * {@link AgingPolicy#strict()} every {@code eff(l)} is {@code l}: strict priority. A poll costs
 * {@code O(levels())}, plus {@code O(submitters)} at the level served while usage decays, and,
 * while aging is on or usage decays, one clock reading ({@link #drainTo} one per call, and
 * {@link #offer} one when the task's level was empty and aging is on); none with strict priority and
 * round robin. Nothing is kept or read per task.
 *
 * <p>Why levels and not tasks: aging each task from its arrival ({@link Schedulable#enqueuedNanos()}),
 * as an earlier version did, lets a deep, old backlog of low tasks count as urgent all at once, and a
 * fresh high task then waits behind every one of them that arrived before it. A level lifted because
 * it went unserved is lifted for one task: serving it starts its clock again.
 *
 * <p>The bound. Let level {@code L} have tasks, and {@code T = served(L) + (top - L) * s}. From
 * {@code T} on, {@code eff(L) = top}, so a poll serves another level {@code l} instead only if
 * {@code eff(l) = top} and {@code l} was served before {@code L}, or at the same time and is higher.
 * Serving {@code l} at or after {@code T}, or {@code l}'s going from empty to non-empty then, stamps
 * it at or after {@code T}, which puts it behind {@code L} for good; so no level passes {@code L}
 * twice, and <strong>while {@code L} has tasks it is served by the {@code levels()}-th poll at or
 * after {@code T}</strong>, however much work arrives at other levels, higher or lower. Workers poll
 * whenever they finish a task, or at once if idle, while tasks are queued. With {@code W} workers,
 * none going longer than {@code R} between polls (one task; a {@link #drainTo} batch of {@code b}
 * counts as {@code b} polls at once), at least {@code levels()} polls happen from {@code T} to
 * {@code T + ceil(levels() / W) * R}. So a level with tasks is served within
 * <pre>
 *     G(L) = (top - L) * s + ceil(levels() / W) * R
 * </pre>
 * of its last service, or of getting tasks: in every window of {@code G(L)} throughout which it has
 * tasks, it is served at least once. A task queued at {@code L} with {@code k} tasks of its level
 * served before it therefore starts within {@code (k + 1) * G(L)} of being queued.
 * Within a level, a submitter {@code A} with tasks is passed only by a submitter {@code B} whose
 * usage is below its own, or equal and older; each time {@code B} is served its usage grows by one
 * task counted at that moment, more than {@code A}'s tasks served earlier count, so {@code B} passes
 * {@code A} at most {@code 1 + u} times in all, where {@code u} is {@code A}'s usage when it started
 * waiting, in tasks. So {@code A}'s next task is served within {@code n * (1 + u)} services of the
 * level, {@code n} being the other submitters with tasks there while it waits; with
 * {@link FairShare#roundRobin()}, {@code u = 0} and that is {@code n}. And {@code u} itself is at most
 * the level's service rate times {@code halfLife / ln 2}: a batch that has kept the level busy yields
 * to a newcomer for about that many of the newcomer's tasks, and no more. With the default
 * step and the five levels of {@link Priority}, a {@code BACKGROUND} level goes at most
 * {@code 2 s + ceil(5 / W) * R} without service.
 *
 * <p>The price, for urgent work. A level {@code l} below a level {@code H} that has tasks wins a poll
 * over {@code H} only if {@code eff(l) >= eff(H) >= H}, that is after going {@code (H - l) * s}
 * unserved, and winning stamps it; so while {@code H} has tasks, two wins of {@code l} are at least
 * {@code (H - l) * s} apart. A task at {@code H} is passed by at most one task of each lower level
 * {@code l} per {@code (H - l) * s}, so at most one per step, however deep and old the lower backlog.
 * Where only a {@code LOW} backlog is queued and the workers run {@code LOW} tasks, a fresh
 * {@code HIGH} task, the only one at its level or above, is taken by the first poll after it
 * arrives, or by the second if {@code LOW} had gone {@code (HIGH - LOW) * s} unserved by then: within
 * one {@code LOW} task's run with two workers or more, and with one worker too if {@code LOW} tasks
 * run for less than {@code (HIGH - LOW) * s}.
 *
 * <p>Removal: cancellation must not scan a million tasks under the lock that the workers wait on,
 * and keeping an index from task to position would cost a map entry per task. Instead a task is
 * found from its own fields: its level, then its submitter's FIFO by a hash lookup, then its slot
 * by binary search on {@link Schedulable#sequence()}, which rises in offer order for a normal
 * submitter. The slot is overwritten by a small tombstone that keeps only the sequence, so the task
 * is freed at once and the FIFO stays sorted; tombstones are compacted away once they outnumber
 * the live tasks of that FIFO. {@link #size()} counts live tasks only. See {@link SubmitterQueue}.
 *
 * <p>Stealing: {@link #takeMatching} lets a member with idle workers take tasks that may run there.
 * It looks at tasks in the order strict priority would poll them, from the highest level down and,
 * within a level, in rounds over the submitters in the order their turns would come now, least usage
 * first (every submitter's first task, then every submitter's second, ...), and takes those the
 * caller's predicate accepts, by tombstone as {@link #remove} does. It stops after a bounded
 * number of tasks looked at, so a member that holds little that may leave does not hold the lock
 * for a scan of its whole backlog. Taking is not
 * service: no level's turn or served time moves, and the tasks left keep their places.
 *
 * <p>Memory: a queued task costs one array slot and nothing else. Submitter FIFOs are power-of-two
 * ring buffers that hold no more tombstones than live tasks, so {@code n} queued tasks occupy at most
 * {@code 2n} slots. Like an ArrayDeque, a ring does not shrink as it is polled; it goes, with its map
 * entry and ring link, as soon as its submitter has no tasks left at that level, so memory follows
 * the live submitters, not every submitter ever seen.
 *
 * <p>THREADING: not thread-safe. The member's task executor guards each queue with one lock; every
 * call must hold it. The {@link Clock} is read under that lock, by {@link #poll()}, {@link #drainTo},
 * {@link #offer} and {@link #offerAll}.
 *
 * @param <T> the queued entry, which tells the queue its level, submitter and sequence
 */
public final class TaskQueue<T extends Schedulable> {

    /**
     * The largest capacity a queue accepts: one submitter's FIFO is a single array, and arrays of
     * power-of-two length stop at {@code 1 << 30}.
     */
    public static final int MAX_CAPACITY = SubmitterQueue.MAX_SLOTS;

    private static final Comparator<SubmitterQueue<?>> BY_USAGE = Comparator.comparingDouble(q -> q.usage);
    /** Scaled usage stays below {@code 2^64} times a task's worth, far inside a double's range. */
    private static final double REBASE_AFTER_HALF_LIVES = 64;
    /** Resting usage below this many tasks is forgotten at a rebase: a returning submitter would hardly differ from a newcomer. */
    private static final double FORGET_BELOW_TASKS = 0.5;

    private final Level<T>[] levels;
    private final int capacity;
    private final Clock clock;
    private final AgingPolicy aging;
    /** Whether levels age; when false, no served time is kept and the clock is never read. */
    private final boolean ages;
    private final FairShare share;
    /** Whether submitters' usage decays; when false, turns go round robin and no usage is kept. */
    private final boolean decays;
    private final double halfLifeNanos;
    /**
     * Usage is kept scaled, a task served at {@code t} adding {@code 2^((t - epoch) / halfLife)}: decaying
     * every submitter at once is then free, since it would not change their order. The epoch moves up,
     * and every usage is scaled down, before the numbers grow large (see {@link #rebase}).
     */
    private long epochNanos;
    private boolean epochSet;
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
     * to {@code levels - 1}, that holds at most {@code capacity} tasks and ages its levels
     * by {@code aging} on {@code clock}.
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
        this(levels, capacity, clock, aging, FairShare.defaults());
    }

    /**
     * Creates an empty queue with {@code levels} priority levels, numbered {@code 0} (least urgent)
     * to {@code levels - 1}, that holds at most {@code capacity} tasks, ages its levels by
     * {@code aging} and shares each level between submitters by {@code share}, on {@code clock}.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = new TaskQueue<>(5, 100_000, Clock.system(), AgingPolicy.defaults(), FairShare.roundRobin());
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code levels} is less than 1, or {@code capacity} is less
     *         than 1 or more than {@link #MAX_CAPACITY}
     * @throws NullPointerException if {@code clock}, {@code aging} or {@code share} is null
     */
    public TaskQueue(int levels, int capacity, Clock clock, AgingPolicy aging, FairShare share) {
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
        this.share = Objects.requireNonNull(share, "share");
        this.decays = share.decays();
        this.halfLifeNanos = share.halfLifeNanos();
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
     * priority {@code p}, that ages its levels by {@code aging} on {@code clock}.
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
     * Creates an empty queue with one level per {@link Priority}, level {@code p.ordinal()} for
     * priority {@code p}, that ages its levels by {@code aging} and shares them by {@code share}.
     *
     * <pre>{@code
     * TaskQueue<QueuedTask> queue = TaskQueue.forPriorities(100_000, clock, AgingPolicy.defaults(), FairShare.defaults());
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1 or more than {@link #MAX_CAPACITY}
     * @throws NullPointerException if {@code clock}, {@code aging} or {@code share} is null
     */
    public static <T extends Schedulable> TaskQueue<T> forPriorities(int capacity, Clock clock, AgingPolicy aging, FairShare share) {
        return new TaskQueue<>(Priority.values().length, capacity, clock, aging, share);
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
        add(task, ages && levels[task.priorityLevel()].size == 0 ? clock.nanoTime() : 0L);
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
        long now = 0L;
        boolean read = false;
        it = tasks.iterator();
        for (int i = 0; i < n; i++) {
            T task = it.next();
            if (ages && !read && levels[task.priorityLevel()].size == 0) {
                now = clock.nanoTime();
                read = true;
            }
            add(task, now);
        }
        return n;
    }

    /**
     * Removes and returns the next task: the task whose turn it is at the level that aging puts
     * first, which is the most urgent level with tasks unless a lower one has gone unserved long
     * enough (see the class comment).
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
        return pollAt(ages || decays ? clock.nanoTime() : 0L);
    }

    /**
     * Removes up to {@code max} tasks, in the order {@link #poll()} would return them at this moment
     * (the clock is read once for the batch), and adds them to {@code out}.
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
        long now = (ages || decays) && n > 0 ? clock.nanoTime() : 0L;
        for (int i = 0; i < n; i++) {
            out.add(pollAt(now));
        }
        return n;
    }

    /** Takes the turn at the level {@link #levelToServe} picks and stamps that level served; the queue is not empty. */
    private T pollAt(long now) {
        while (levels[highest].size == 0) {
            highest--;
        }
        int from = ages ? levelToServe(now) : highest;
        if (from != highest) {
            lifted++;
        }
        Level<T> level = levels[from];
        level.servedNanos = now;
        SubmitterQueue<T> queue = decays ? level.leastUsed() : level.head;
        T task = queue.poll();
        level.size--;
        size--;
        if (decays) {
            double oneTask = usageOfOneTask(now); // first: it may rebase every usage, this queue's too
            queue.usage += oneTask;
        }
        if (queue.isEmpty()) {
            level.unlink(queue);
        } else {
            level.moveToBack(queue);
        }
        return task;
    }

    /** What serving one task at {@code now} adds to a submitter's scaled usage; moves the epoch first if it is time. */
    private double usageOfOneTask(long now) {
        if (!epochSet) {
            epochNanos = now;
            epochSet = true;
        }
        double halfLives = (now - epochNanos) / halfLifeNanos;
        if (halfLives > REBASE_AFTER_HALF_LIVES) {
            rebase(now, halfLives);
            halfLives = 0;
        }
        return Math.pow(2, halfLives); // exact for whole half-lives, so equal usage stays equal
    }

    /**
     * Moves the epoch to {@code now}, scaling every usage by {@code 2^-halfLives} so that order is kept, and
     * forgets the resting usage that has decayed below half a task, which bounds what departed submitters cost.
     */
    private void rebase(long now, double halfLives) {
        double scale = Math.pow(2, -halfLives);
        for (Level<T> level : levels) {
            for (SubmitterQueue<T> q : level.bySubmitter.values()) {
                q.usage *= scale;
            }
            level.resting.replaceAll((id, usage) -> usage * scale);
            level.resting.values().removeIf(usage -> usage < FORGET_BELOW_TASKS);
        }
        epochNanos = now;
    }

    /**
     * The level with tasks that comes first in the order of the class comment: effective level, then
     * earlier served time, then level. The loop runs downwards and replaces the best only on a strict
     * win, which makes the higher level win a full tie.
     */
    private int levelToServe(long now) {
        int best = highest;
        int bestEff = effectiveLevel(highest, now);
        long bestServed = levels[highest].servedNanos;
        for (int l = highest - 1; l >= 0; l--) {
            Level<T> level = levels[l];
            if (level.size == 0) {
                continue;
            }
            int eff = effectiveLevel(l, now);
            if (eff > bestEff || eff == bestEff && level.servedNanos - bestServed < 0) {
                best = l;
                bestEff = eff;
                bestServed = level.servedNanos;
            }
        }
        return best;
    }

    /** {@code min(top, l + floor((now - served(l)) / step))}. */
    private int effectiveLevel(int l, long now) {
        long waited = now - levels[l].servedNanos;
        if (waited < stepNanos) {
            return l;
        }
        long steps = waited / stepNanos;
        return steps >= topLevel - l ? topLevel : l + (int) steps;
    }

    /**
     * Removes {@code task} if it is queued, so a cancelled task never reaches a worker. The queued
     * entry is found by the task's level, submitter and sequence and must be {@code equals} to
     * {@code task}. Costs O(log n) in the submitter's tasks at that level while the submitter's
     * sequences rise in offer order, O(n) in them otherwise. Removing is not service: the level's
     * served time, which aging goes by, stays as it was.
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
     * Removes up to {@code max} queued tasks for which {@code eligible} holds, highest level first, in
     * each level's round-robin order (each submitter's FIFO from its front), looking at no more than
     * {@code scanLimit} live tasks in all; adds them to {@code out} and returns how many. Tasks not
     * taken keep their places and order.
     *
     * <p>The order is the one strict priority would poll in: levels from the highest with tasks down,
     * whatever aging would do; within a level, rounds from the submitter whose turn it is, each round
     * looking at the next task of every submitter that has one left. So the first task of every
     * submitter at a level is looked at before the second of any, and what is taken is spread over
     * submitters as polls would spread it. Tasks are added to {@code out} in that order. Each task
     * looked at counts against {@code scanLimit}, taken or not; removed tasks (tombstones) do not.
     * Taking is not service: no level's turn or served time moves. Costs {@code O(levels())}, plus
     * {@code O(1)} amortized per task looked at and per tombstone stepped over (a FIFO holds no more
     * tombstones than live tasks), plus three array slots per submitter looked at.
     *
     * <p>{@code eligible} must not touch the queue. If it, or {@code out}, throws, the tasks already
     * in {@code out} stay removed and every other task stays queued.
     *
     * <pre>{@code
     * List<QueuedTask> stolen = new ArrayList<>();
     * queue.takeMatching(t -> t.locality().isLoose(), 16, 1_000, stolen); // under the executor's lock
     * }</pre>
     *
     * @return how many tasks were taken and added to {@code out}
     * @throws NullPointerException if {@code eligible} or {@code out} is null
     * @throws IllegalArgumentException if {@code max} or {@code scanLimit} is negative
     */
    public int takeMatching(Predicate<? super T> eligible, int max, int scanLimit, Collection<? super T> out) {
        Objects.requireNonNull(eligible, "eligible");
        Objects.requireNonNull(out, "out");
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        if (scanLimit < 0) {
            throw new IllegalArgumentException("scanLimit must not be negative, was " + scanLimit);
        }
        Take<T> take = new Take<>(eligible, max, scanLimit, out);
        for (int l = highest; l >= 0 && !take.done(); l--) {
            if (levels[l].size > 0) {
                takeFromLevel(levels[l], take);
            }
        }
        return take.taken;
    }

    /**
     * One level's part of {@link #takeMatching}: fixes the submitters in ring order from the turn
     * (no more than the scan budget left, since each costs at least one look), then walks them in
     * rounds, each holding a cursor into its FIFO. Taken tasks become tombstones, so no cursor moves;
     * the FIFOs are settled, and the emptied ones leave the ring, only when the walk is over.
     */
    private void takeFromLevel(Level<T> level, Take<T> take) {
        SubmitterQueue<T>[] visited = turnOrder(level, Math.min(level.bySubmitter.size(), take.scanLimit - take.scanned));
        int n = visited.length;
        int[] cursor = new int[n];
        int[] active = new int[n];
        for (int i = 0; i < n; i++) {
            active[i] = i;
        }
        try {
            rounds:
            while (n > 0) {
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    int v = active[i];
                    SubmitterQueue<T> q = visited[v];
                    int c = q.nextLive(cursor[v]);
                    if (c < 0) {
                        continue;
                    }
                    cursor[v] = c + 1;
                    T task = q.entryAt(c);
                    take.scanned++;
                    if (take.eligible.test(task)) {
                        take.out.add(task);
                        q.tombstone(c);
                        level.size--;
                        size--;
                        take.taken++;
                    }
                    if (take.done()) {
                        break rounds;
                    }
                    active[kept++] = v;
                }
                n = kept;
            }
        } finally {
            for (SubmitterQueue<T> q : visited) {
                q.settle();
                if (q.isEmpty()) {
                    level.unlink(q);
                }
            }
        }
    }

    /**
     * The first {@code n} submitters of {@code level} in the order their turns would come now: the ring's
     * order in round robin; least usage first, the ring's order among equals, while usage decays.
     */
    private SubmitterQueue<T>[] turnOrder(Level<T> level, int n) {
        int all = decays ? level.bySubmitter.size() : n;
        @SuppressWarnings("unchecked") // generic array creation; the array never leaves this class
        SubmitterQueue<T>[] ring = (SubmitterQueue<T>[]) new SubmitterQueue<?>[all];
        SubmitterQueue<T> queue = level.head;
        for (int i = 0; i < all; i++) {
            ring[i] = queue;
            queue = queue.next;
        }
        if (!decays) {
            return ring;
        }
        Arrays.sort(ring, BY_USAGE); // stable: equal usage keeps the ring's order
        return Arrays.copyOf(ring, n);
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
     * The clock the queue ages its levels by, and the one to stamp {@link Schedulable#enqueuedNanos()} from.
     *
     * <pre>{@code
     * long enqueuedNanos = queue.clock().nanoTime();
     * }</pre>
     */
    public Clock clock() {
        return clock;
    }

    /**
     * How the queue ages levels that go unserved.
     *
     * <pre>{@code
     * Duration toTop = queue.aging().timeToTop(Priority.LOW.ordinal(), queue.levels() - 1);
     * }</pre>
     */
    public AgingPolicy aging() {
        return aging;
    }

    /**
     * How the queue shares each level between submitters.
     *
     * <pre>{@code
     * queue.fairShare().halfLife(); // PT1S by default
     * }</pre>
     */
    public FairShare fairShare() {
        return share;
    }

    /**
     * How many tasks {@link #poll()} and {@link #drainTo} have taken from a level below the most
     * urgent level with tasks, because aging lifted it; a rising count means lower levels would
     * otherwise starve.
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

    /**
     * The usage of {@code submitter} at {@code level} at {@code now}, in tasks, whether it has tasks there or not;
     * zero in round robin. For tests.
     */
    double usage(int level, long submitter, long now) {
        if (!decays || !epochSet) {
            return 0;
        }
        SubmitterQueue<T> q = levels[level].bySubmitter.get(submitter);
        double scaled = q != null ? q.usage : levels[level].resting.getOrDefault(submitter, 0.0);
        return scaled / Math.pow(2, (now - epochNanos) / halfLifeNanos);
    }

    /** Whether {@code submitter} has tasks queued at {@code level}; for tests. */
    boolean hasTasks(int level, long submitter) {
        return levels[level].bySubmitter.containsKey(submitter);
    }

    /** Ring slots held at {@code level}, tombstones included; lets tests see that tombstones are reclaimed. */
    int slotsUsed(int level) {
        int n = 0;
        for (SubmitterQueue<T> q : levels[level].bySubmitter.values()) {
            n += q.slotsUsed();
        }
        return n;
    }

    /** {@code served(level)} of the class comment, meaningful while the level has tasks and aging is on; for tests. */
    long servedNanos(int level) {
        return levels[level].servedNanos;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TaskQueue[size=").append(size).append('/').append(capacity).append(", levels=[");
        for (int i = 0; i < levels.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(levels[i].size);
        }
        return sb.append("], aging=").append(ages ? aging.step().toString() : "off")
                .append(", share=").append(decays ? "half-life " + share.halfLife() : "round robin").append(']').toString();
    }

    private void checkLevel(T task) {
        int l = Objects.requireNonNull(task, "task").priorityLevel();
        if (l < 0 || l >= levels.length) {
            throw new IllegalArgumentException("priority level must be between 0 and " + (levels.length - 1) + ", was " + l
                    + " (submitter " + task.submitterId() + ", sequence " + task.sequence() + ")");
        }
    }

    /** Adds a checked task; {@code now} is the clock's reading if aging is on and the task's level is empty. */
    private void add(T task, long now) {
        int l = task.priorityLevel();
        Level<T> level = levels[l];
        if (level.size == 0) {
            level.servedNanos = now;
        }
        SubmitterQueue<T> queue = level.lastAdded;
        // A frame's tasks mostly come from one submitter: the same FIFO again saves a map lookup and a boxed id.
        if (queue == null || queue.submitterId != task.submitterId()) {
            queue = level.bySubmitter.get(task.submitterId());
            if (queue == null) {
                queue = new SubmitterQueue<>(task.submitterId());
                queue.usage = level.restingUsage(queue.submitterId);
                level.bySubmitter.put(queue.submitterId, queue);
                level.link(queue);
            }
            level.lastAdded = queue;
        }
        queue.add(task);
        level.size++;
        size++;
        if (l > highest) {
            highest = l;
        }
    }

    /** What is left of a {@link #takeMatching} call's budget as it moves down the levels. */
    private static final class Take<T> {
        final Predicate<? super T> eligible;
        final int max;
        final int scanLimit;
        final Collection<? super T> out;
        int taken;
        int scanned;

        Take(Predicate<? super T> eligible, int max, int scanLimit, Collection<? super T> out) {
            this.eligible = eligible;
            this.max = max;
            this.scanLimit = scanLimit;
            this.out = out;
        }

        boolean done() {
            return taken == max || scanned == scanLimit;
        }
    }

    /**
     * One priority level: its submitters' FIFOs by id, the same FIFOs in a circular doubly linked
     * ring in turn order, and when the level was last served. The ring is linked through the FIFOs
     * themselves so that a submitter emptied by {@link TaskQueue#remove} leaves it in O(1), where an
     * ArrayDeque of submitters would need a scan.
     */
    private static final class Level<T extends Schedulable> {
        final Map<Long, SubmitterQueue<T>> bySubmitter = new HashMap<>();
        /**
         * The scaled usage of submitters whose FIFO emptied, so one whose tasks come back is not taken for
         * a newcomer; kept only while usage decays, and thinned at each {@link TaskQueue#rebase}.
         */
        final Map<Long, Double> resting = new HashMap<>();
        /**
         * Whose turn it is in round robin; null when the level is empty. {@code head.prev} is the back of
         * the ring. The ring runs from the submitter served, or arrived, longest ago to the latest, which
         * is the tie-break of {@link FairShare}.
         */
        SubmitterQueue<T> head;
        /** The FIFO the last task was added to, while it is in the ring; null otherwise. */
        SubmitterQueue<T> lastAdded;
        int size;
        /** {@code served(l)} of the class comment: the clock's reading at the last poll from this level, or when it got tasks. */
        long servedNanos;

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

        /**
         * The submitter with the least usage, the earliest in the ring among equals; the level has tasks.
         * Costs one look per submitter with tasks at the level: submitters are clients, tens, not millions.
         */
        SubmitterQueue<T> leastUsed() {
            SubmitterQueue<T> best = head;
            for (SubmitterQueue<T> q = head.next; q != head; q = q.next) {
                if (q.usage < best.usage) {
                    best = q;
                }
            }
            return best;
        }

        /** Puts a served submitter at the back of the ring: last in line among equal usage. */
        void moveToBack(SubmitterQueue<T> queue) {
            if (queue == head) {
                head = queue.next;
            } else if (queue != head.prev) {
                queue.prev.next = queue.next;
                queue.next.prev = queue.prev;
                SubmitterQueue<T> back = head.prev;
                back.next = queue;
                queue.prev = back;
                queue.next = head;
                head.prev = queue;
            }
        }

        /** Takes back the usage a returning submitter had when its FIFO emptied; zero for a newcomer. */
        double restingUsage(long submitterId) {
            Double usage = resting.isEmpty() ? null : resting.remove(submitterId);
            return usage == null ? 0.0 : usage;
        }

        void unlink(SubmitterQueue<T> queue) {
            if (queue.usage > 0) {
                resting.put(queue.submitterId, queue.usage);
            }
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
            if (lastAdded == queue) {
                lastAdded = null; // an emptied FIFO goes, with its slots, as soon as it leaves the ring
            }
            bySubmitter.remove(queue.submitterId);
        }
    }
}
