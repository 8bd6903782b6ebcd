package dev.lodestone.microbench;

import dev.lodestone.api.task.Locality;
import dev.lodestone.scheduler.Placeable;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * A queued task as the member's queue sees it (level, submitter, sequence, partition, locality,
 * arrival), without a payload: the entry that the queue and locality benchmarks move around.
 *
 * <p>The sequence can be renewed ({@link #resequence}) so a benchmark can offer a task it has just
 * polled again, behind every task queued before it, without allocating: each submitter's sequences
 * keep rising in offer order, as a real client's do.
 *
 * <p>THREADING: not thread-safe; owned by one thread at a time, handed over under a queue's lock.
 */
public final class BenchTask implements Placeable {

    /**
     * What a naive grid would order a {@link java.util.concurrent.PriorityBlockingQueue} by: most urgent
     * level first, then submit order.
     */
    public static final Comparator<BenchTask> PRIORITY_THEN_SEQUENCE =
            Comparator.comparingInt(BenchTask::priorityLevel).reversed().thenComparingLong(BenchTask::sequence);

    /**
     * Share of tasks per level, {@code BACKGROUND} to {@code CRITICAL}, in percent: most work is
     * {@code NORMAL}, with a tail of lower and a little more urgent work.
     */
    private static final int[] LEVEL_PERCENT = {5, 15, 70, 9, 1};

    private final int level;
    private final long submitter;
    private final int partition;
    private final Locality locality;
    private long sequence;
    private long enqueuedNanos;

    /** A task at {@code level} from {@code submitter}, affine to {@code partition} (-1: none). */
    public BenchTask(int level, long submitter, long sequence, int partition, Locality locality, long enqueuedNanos) {
        this.level = level;
        this.submitter = submitter;
        this.sequence = sequence;
        this.partition = partition;
        this.locality = locality;
        this.enqueuedNanos = enqueuedNanos;
    }

    /**
     * {@code n} tasks with levels drawn from the mix above, submitters {@code 0..submitters-1} at random,
     * sequences {@code firstSequence, firstSequence + 1, ...} (so each submitter's rise too), and
     * partitions at random in {@code 0..partitions-1}; the same seed gives the same tasks.
     */
    public static BenchTask[] mix(int n, int submitters, int partitions, long firstSequence, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BenchTask[] tasks = new BenchTask[n];
        for (int i = 0; i < n; i++) {
            tasks[i] = new BenchTask(randomLevel(random), random.nextInt(submitters), firstSequence + i,
                    random.nextInt(partitions), Locality.OWNER, UNTIMED);
        }
        return tasks;
    }

    /** A level drawn from the mix of {@link #LEVEL_PERCENT}. */
    static int randomLevel(SplittableRandom random) {
        int r = random.nextInt(100);
        for (int level = 0; level < LEVEL_PERCENT.length; level++) {
            r -= LEVEL_PERCENT[level];
            if (r < 0) {
                return level;
            }
        }
        return LEVEL_PERCENT.length - 1;
    }

    /** Gives the task a new place in its submitter's order; only while it is not queued. */
    public BenchTask resequence(long newSequence) {
        this.sequence = newSequence;
        return this;
    }

    /** Sets the arrival time; only while it is not queued. */
    public BenchTask arrivedAt(long nanos) {
        this.enqueuedNanos = nanos;
        return this;
    }

    @Override
    public int priorityLevel() {
        return level;
    }

    @Override
    public long submitterId() {
        return submitter;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public long enqueuedNanos() {
        return enqueuedNanos;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public Locality locality() {
        return locality;
    }

    @Override
    public boolean movable() {
        return true;
    }

    @Override
    public String toString() {
        return "BenchTask[level=" + level + ", submitter=" + submitter + ", sequence=" + sequence + ", partition=" + partition
                + ", " + locality + "]";
    }
}
