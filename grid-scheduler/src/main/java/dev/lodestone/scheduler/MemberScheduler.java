package dev.lodestone.scheduler;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One member's scheduling state: its {@link TaskQueue}, and what other members may take from it.
 * The member's workers {@link #poll()}; an idle peer asks {@link #takeFor} for tasks its relation
 * to their data allows under the {@link LocalityLadder}, highest priority first.
 *
 * <pre>{@code
 * MemberScheduler<QueuedTask> s = new MemberScheduler<>(TaskQueue.forPriorities(1_000_000, clock, aging),
 *         backend, LocalityLadder.ofMillis(20));
 * s.offerAll(batch);                                   // a frame of tasks from a client
 * QueuedTask next = s.poll();                          // a worker
 * List<QueuedTask> lent = new ArrayList<>();
 * s.takeFor("member-3", 16, lent);                     // member-3 is idle and asked
 * }</pre>
 *
 * <p>Exactly once: a task leaves the queue through exactly one of {@link #poll()}, {@link #remove}
 * and {@link #takeFor}, all under the caller's one lock, so a steal and a local start can never both
 * happen to one task.
 *
 * <p>The wait a loose task spends before it may move is counted from its
 * {@link Schedulable#enqueuedNanos()}, read from {@link TaskQueue#clock()}.
 *
 * <p>THREADING: not thread-safe, like the queue it wraps: the member guards both with one lock.
 *
 * @param <T> the queued task
 */
public final class MemberScheduler<T extends Placeable> {

    /** Live tasks one {@link #takeFor} looks at, at most: a steal request must not hold the lock for a long scan. */
    public static final int SCAN_LIMIT = 4096;

    private final TaskQueue<T> queue;
    private final ClusterBackend backend;
    private final LocalityLadder ladder;
    private long loose;

    /** Wraps {@code queue}; {@code backend} answers where each partition's data lives. */
    public MemberScheduler(TaskQueue<T> queue, ClusterBackend backend, LocalityLadder ladder) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.ladder = Objects.requireNonNull(ladder, "ladder");
    }

    /** Queues one task; false when the queue is full. */
    public boolean offer(T task) {
        if (!queue.offer(task)) {
            return false;
        }
        countIn(task);
        return true;
    }

    /** Queues a prefix of {@code tasks}, as many as fit; returns how many. */
    public int offerAll(List<T> tasks) {
        int n = queue.offerAll(tasks);
        for (int i = 0; i < n; i++) {
            countIn(tasks.get(i));
        }
        return n;
    }

    /** The next task for a local worker, in the queue's order; null when empty. */
    public T poll() {
        T t = queue.poll();
        if (t != null) {
            countOut(t);
        }
        return t;
    }

    /** Moves up to {@code max} tasks to {@code out} in poll order; for draining. */
    public int drainTo(List<? super T> out, int max) {
        int n = 0;
        T t;
        while (n < max && (t = poll()) != null) {
            out.add(t);
            n++;
        }
        return n;
    }

    /** Removes a queued task (cancelled); false when it is not queued. */
    public boolean remove(T task) {
        if (!queue.remove(task)) {
            return false;
        }
        countOut(task);
        return true;
    }

    /**
     * Takes, for the idle member {@code thief}, up to {@code max} queued tasks that the ladder lets it
     * run now, highest priority first, in each level's round-robin order; looks at no more than
     * {@link #SCAN_LIMIT} tasks. The tasks leave this queue: the caller hands them to the thief.
     *
     * @return how many tasks were added to {@code out}
     */
    public int takeFor(String thief, int max, Collection<? super T> out) {
        if (loose == 0 || max <= 0) {
            return 0;
        }
        long now = queue.clock().nanoTime();
        // The ladder's rung first: a task any member may run needs no question to the backend.
        Predicate<T> eligible = t -> {
            if (!LocalityLadder.loose(t)) {
                return false;
            }
            Relation loosest = ladder.loosest(t, now);
            return loosest == Relation.OTHER
                    || t.partition() >= 0 && backend.relation(thief, t.partition()).within(loosest);
        };
        int before = out.size();
        try {
            return queue.takeMatching(eligible, max, SCAN_LIMIT, out);
        } finally {
            loose -= out.size() - before; // exact even if the backend threw part-way: what was taken is in out
        }
    }

    /** Tasks queued. */
    public int size() {
        return queue.size();
    }

    /** Queued tasks that another member could ever run ({@link LocalityLadder#loose}). */
    public long loose() {
        return loose;
    }

    /** The wrapped queue. */
    public TaskQueue<T> queue() {
        return queue;
    }

    /** The ladder in force. */
    public LocalityLadder ladder() {
        return ladder;
    }

    private void countIn(T t) {
        if (LocalityLadder.loose(t)) {
            loose++;
        }
    }

    private void countOut(T t) {
        if (LocalityLadder.loose(t)) {
            loose--;
        }
    }
}
