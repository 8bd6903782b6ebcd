package dev.lodestone.runtime.metrics;

import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.api.task.TaskTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * What one client saw of its tasks, per priority level: end-to-end time (from {@code submit} to the
 * completion of the task's future, in microseconds) and the counters of {@link TaskCounters} that make sense
 * at a client: submitted, succeeded, failed, cancelled, timed out, rejected. Started, stolen and the
 * {@code ranOn} counters stay zero: only members know them.
 *
 * <p>THREADING: thread-safe. Submitting threads, connection readers and the client's timer record
 * concurrently without a lock ({@link LongAdder}s, wait-free {@link LatencyRecorder}s).
 *
 * <pre>{@code
 * ClientMetrics m = new ClientMetrics();
 * m.submitted(level, 1);
 * m.completed(level, System.nanoTime() - submitNanos, error);   // error null on success
 * }</pre>
 */
public final class ClientMetrics {

    private static final Priority[] PRIORITIES = Priority.values();

    private final Level[] levels = new Level[PRIORITIES.length];

    /** All zero. */
    public ClientMetrics() {
        for (int i = 0; i < levels.length; i++) {
            levels[i] = new Level();
        }
    }

    private Level level(int level) {
        return levels[Math.max(0, Math.min(levels.length - 1, level))];
    }

    /** {@code n} tasks were handed to {@code submit}, {@code submitAll} or {@code broadcast} and sent on. */
    public void submitted(int level, long n) {
        level(level).submitted.add(n);
    }

    /**
     * A task was refused before it had a future (backpressure that gives up in the caller). A refusal that
     * completes the task's future is counted by {@link #completed}.
     */
    public void rejected(int level) {
        level(level).rejected.increment();
    }

    /**
     * A task's future completed.
     *
     * @param endToEndNanos from {@code submit} to the completion
     * @param error         null on success; otherwise what the future completed with
     */
    public void completed(int level, long endToEndNanos, Throwable error) {
        Level l = level(level);
        outcome(l, error).increment();
        l.endToEnd.recordNanos(endToEndNanos);
    }

    /** The outcome a future's error stands for: rejection, timeout, cancellation, or any other failure. */
    public static Outcome outcomeOf(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e == null) {
            return Outcome.SUCCEEDED;
        }
        if (e instanceof CancellationException) {
            return Outcome.CANCELLED;
        }
        if (e instanceof TaskTimeoutException) {
            return Outcome.TIMED_OUT;
        }
        if (e instanceof TaskRejectedException) {
            return Outcome.REJECTED;
        }
        return Outcome.FAILED; // the task threw, its member was lost, the grid closed, its result was unreadable
    }

    private static LongAdder outcome(Level l, Throwable error) {
        return switch (outcomeOf(error)) {
            case SUCCEEDED -> l.succeeded;
            case FAILED -> l.failed;
            case CANCELLED -> l.cancelled;
            case TIMED_OUT -> l.timedOut;
            case REJECTED -> l.rejected;
        };
    }

    /** Counters and end-to-end histograms of every level since this client started, in {@link Priority} order. */
    public List<LevelSnapshot> snapshot() {
        List<LevelSnapshot> out = new ArrayList<>(levels.length);
        for (int i = 0; i < levels.length; i++) {
            Level l = levels[i];
            Histogram e2e = l.endToEnd.total();
            TaskCounters c = new TaskCounters(l.submitted.sum(), 0, l.succeeded.sum(), l.failed.sum(), l.cancelled.sum(),
                    l.timedOut.sum(), l.rejected.sum(), 0, 0, 0, 0);
            out.add(new LevelSnapshot(PRIORITIES[i], c, LatencyRecorder.newHistogram(), LatencyRecorder.newHistogram(), e2e));
        }
        return out;
    }

    /** One level's recorders. THREADING: as the enclosing class. */
    private static final class Level {
        final LongAdder submitted = new LongAdder();
        final LongAdder succeeded = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder cancelled = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LatencyRecorder endToEnd = new LatencyRecorder();
    }
}
