package dev.lodestone.microbench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread's cost of moving a task through the member's queue, at a steady depth, against the rival
 * queue behind the same adapter ({@link QueueType}). Each call takes tasks out and puts the same
 * tasks back with fresh sequences, so the depth, the mix of levels and the number of submitters
 * stay as set up and nothing is allocated per task (by the benchmark; the queue may allocate, e.g. a
 * submitter's FIFO when its last task left and it comes back).
 *
 * <p>Every call holds the queue's lock as the member does (uncontended here); the rival pays its own
 * lock. Levels follow the mix of {@link BenchTask#mix}; {@code submitters} sets how many clients the
 * tasks are spread over, which the task queue keeps one FIFO each for per level.
 *
 * <pre>{@code
 * java -jar grid-microbench/target/microbench.jar TaskQueueBenchmark -p depth=1000000
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskQueueBenchmark {

    /** Tasks per frame from a client, and per batch a worker drains. */
    static final int FRAME = 32;

    @Param
    QueueType impl;

    /** Tasks queued throughout. */
    @Param({"10000"})
    int depth;

    /** Clients the queued tasks come from. */
    @Param({"4", "1000"})
    int submitters;

    private BenchQueue queue;
    private long nextSequence;
    private final List<BenchTask> batch = new ArrayList<>(FRAME);

    /** Fills the queue to {@code depth}. */
    @Setup(Level.Trial)
    public void fill() {
        queue = impl.create(1 << 20);
        for (BenchTask t : BenchTask.mix(depth, submitters, 271, 1, 42)) {
            queue.offer(t);
        }
        nextSequence = depth + 1L;
    }

    /** A worker's poll, then a reader's offer of one task: per task, as the member's workers take them today. */
    @Benchmark
    public BenchTask pollThenOffer() {
        BenchTask t = queue.poll();
        queue.offer(t.resequence(nextSequence++));
        return t;
    }

    /** A worker's drainTo of a batch, then a reader's offerAll of a frame of as many tasks; reported per task. */
    @Benchmark
    @OperationsPerInvocation(FRAME)
    public int drainToThenOfferAll() {
        batch.clear();
        queue.drainTo(batch, FRAME);
        for (int i = 0, n = batch.size(); i < n; i++) {
            batch.get(i).resequence(nextSequence++);
        }
        return queue.offerAll(batch);
    }
}
