package dev.lodestone.microbench;

import dev.lodestone.api.task.Locality;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The queue shared as the member shares it: one connection reader offers whole frames of tasks
 * ({@code offerAll}, one lock hold per frame) while two workers take them, one at a time
 * ({@code pollOne}: what the member's workers do today) or in batches ({@code drainBatch}). The rival
 * queue runs the same threads behind the same adapter.
 *
 * <p>Read the {@code tasksOut} counter: tasks that went through the queue per microsecond, all workers
 * together (the primary score counts calls). {@code tasksIn} is the reader's side. A worker that finds
 * the queue empty waits for a task as the member's workers do (on the lock's condition, woken by the
 * reader's offer; the rival waits in its own timed {@code poll}), for at most {@link #WAIT_NANOS} so
 * that it notices the end of an iteration; {@code emptyPolls} counts waits that ended with nothing.
 * {@code framesHeld} counts the reader's calls that found {@link #HIGH_WATER} tasks queued and offered
 * nothing (it yields then). The figure includes the wake-ups of idle workers, and, with three threads
 * on a 2-core machine, their time-slicing; run with {@code -tg 1,1} for one worker.
 *
 * <pre>{@code
 * java -jar grid-microbench/target/microbench.jar TaskQueueContentionBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Group)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskQueueContentionBenchmark {

    /** Tasks per frame from the reader. */
    static final int FRAME = 32;
    /** Tasks per worker batch in {@code drainBatch}. */
    static final int BATCH = 16;
    /** The reader holds back while this many tasks are queued, so the depth stays bounded. */
    static final int HIGH_WATER = 8192;
    /** The longest a worker waits for a task before its call returns with none. */
    static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @Param
    QueueType impl;

    /** Clients the tasks come from. */
    @Param({"16"})
    int submitters;

    private BenchQueue queue;

    /** A new, empty queue per run. */
    @Setup(Level.Trial)
    public void create() {
        queue = impl.create(1 << 20);
    }

    /** The reader's side: frames of fresh tasks, as a reader decodes them from a client's frame. */
    @State(Scope.Thread)
    public static class Reader {
        private final SplittableRandom random = new SplittableRandom(7);
        private long nextSequence = 1;
        private int submitters;

        /** Takes the submitter count of the run. */
        @Setup(Level.Trial)
        public void setUp(TaskQueueContentionBenchmark bench) {
            submitters = bench.submitters;
        }

        List<BenchTask> nextFrame() {
            List<BenchTask> frame = new ArrayList<>(FRAME);
            long submitter = random.nextInt(submitters); // a frame comes from one client
            for (int i = 0; i < FRAME; i++) {
                frame.add(new BenchTask(BenchTask.randomLevel(random), submitter, nextSequence++, i, Locality.OWNER,
                        BenchTask.UNTIMED));
            }
            return frame;
        }
    }

    /** A worker's batch buffer. */
    @State(Scope.Thread)
    public static class Worker {
        final List<BenchTask> batch = new ArrayList<>(BATCH);
    }

    /** The reader's counts, per iteration. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class ReaderCounts {
        /** Tasks offered and accepted. */
        public long tasksIn;
        /** Calls that found the queue at {@link #HIGH_WATER} and offered nothing. */
        public long framesHeld;

        /** Zeroes the counts. */
        @Setup(Level.Iteration)
        public void reset() {
            tasksIn = 0;
            framesHeld = 0;
        }
    }

    /** A worker's counts, per iteration. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class WorkerCounts {
        /** Tasks taken. */
        public long tasksOut;
        /** Calls that waited {@link #WAIT_NANOS} and found no task. */
        public long emptyPolls;

        /** Zeroes the counts. */
        @Setup(Level.Iteration)
        public void reset() {
            tasksOut = 0;
            emptyPolls = 0;
        }
    }

    /** The connection reader: one frame per call. */
    @Benchmark
    @Group("pollOne")
    @GroupThreads(1)
    public int pollOneReader(Reader reader, ReaderCounts counts) {
        return offerFrame(reader, counts);
    }

    /** A worker taking one task per call, as the member's workers do. */
    @Benchmark
    @Group("pollOne")
    @GroupThreads(2)
    public BenchTask pollOneWorker(WorkerCounts counts) throws InterruptedException {
        BenchTask t = queue.take(WAIT_NANOS);
        if (t == null) {
            counts.emptyPolls++;
        } else {
            counts.tasksOut++;
        }
        return t;
    }

    /** The connection reader: one frame per call. */
    @Benchmark
    @Group("drainBatch")
    @GroupThreads(1)
    public int drainBatchReader(Reader reader, ReaderCounts counts) {
        return offerFrame(reader, counts);
    }

    /** A worker taking up to {@link #BATCH} tasks per call. */
    @Benchmark
    @Group("drainBatch")
    @GroupThreads(2)
    public BenchTask drainBatchWorker(Worker worker, WorkerCounts counts) throws InterruptedException {
        List<BenchTask> batch = worker.batch;
        batch.clear();
        int n = queue.drainTo(batch, BATCH, WAIT_NANOS);
        if (n == 0) {
            counts.emptyPolls++;
            return null;
        }
        counts.tasksOut += n;
        return batch.get(n - 1);
    }

    private int offerFrame(Reader reader, ReaderCounts counts) {
        if (queue.size() >= HIGH_WATER) {
            counts.framesHeld++;
            Thread.yield();
            return 0;
        }
        int n = queue.offerAll(reader.nextFrame());
        counts.tasksIn += n;
        return n;
    }
}
