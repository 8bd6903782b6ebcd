package dev.lodestone.runtime.metrics;

import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * A member's task metrics, per priority level: queue wait and run time (HdrHistogram, microseconds) and the
 * counters of {@link TaskCounters}, since the member started.
 *
 * <p>THREADING: thread-safe. Workers record concurrently with each other and with connection readers:
 * counters are {@link LongAdder}s and latencies go to wait-free {@link LatencyRecorder}s, so recording takes
 * no lock. {@link #snapshot()} and {@link #takeInterval()} may run on any thread at any time; a task being
 * recorded while they run lands in this snapshot or the next, never in neither.
 *
 * <p>A level outside {@link Priority}'s range (a malformed record) is counted at the nearest level rather
 * than failing the caller.
 *
 * <pre>{@code
 * TaskMetrics m = new TaskMetrics();
 * m.submitted(level, 1);                                   // accepted into the queue
 * m.started(level, takenNanos - arrivalNanos, PartitionRelation.OWNER);
 * m.finished(level, Outcome.SUCCEEDED, System.nanoTime() - takenNanos);
 * }</pre>
 */
public final class TaskMetrics {

    private static final Priority[] PRIORITIES = Priority.values();

    private final Level[] levels = new Level[PRIORITIES.length];

    /** All zero. */
    public TaskMetrics() {
        for (int i = 0; i < levels.length; i++) {
            levels[i] = new Level();
        }
    }

    private Level level(int level) {
        return levels[Math.max(0, Math.min(levels.length - 1, level))];
    }

    /** {@code n} tasks were accepted into this member's queue. */
    public void submitted(int level, long n) {
        level(level).submitted.add(n);
    }

    /** A task was refused: queue full, a client whose registrations differ. */
    public void rejected(int level) {
        level(level).rejected.increment();
    }

    /** This member took a queued task from another member's queue to run it. */
    public void stolen(int level) {
        level(level).stolen.increment();
    }

    /**
     * A worker took a task.
     *
     * @param queueWaitNanos from the task's arrival in a queue to now
     * @param relation       this member's relation to the task's partition; {@link PartitionRelation#NONE} for
     *                       tasks without affinity, counted in none of the three
     */
    public void started(int level, long queueWaitNanos, PartitionRelation relation) {
        Level l = level(level);
        l.started.increment();
        l.queueWait.recordNanos(queueWaitNanos);
        LongAdder where = l.where(relation);
        if (where != null) {
            where.increment();
        }
    }

    /**
     * A task a worker had taken was handed back without running (its partition moved while it was queued, so
     * its client routes it to the new owner): it no longer counts as started here. Its queue wait stays
     * recorded: it did wait.
     */
    public void handedBack(int level, PartitionRelation relation) {
        Level l = level(level);
        l.started.decrement();
        LongAdder where = l.where(relation);
        if (where != null) {
            where.decrement();
        }
    }

    /** A started task ended; its run time is from the worker taking it to its result. */
    public void finished(int level, Outcome outcome, long runNanos) {
        Level l = level(level);
        l.outcome(outcome).increment();
        l.runTime.recordNanos(runNanos);
    }

    /** A task ended while still queued, without starting (cancelled, or dropped because its client left). */
    public void endedInQueue(int level, Outcome outcome) {
        level(level).outcome(outcome).increment();
    }

    /**
     * Counters and histograms of every level since start, in {@link Priority} order. The histograms are read
     * before the counters, so a task caught mid-recording is never in a histogram without being counted.
     */
    public List<LevelSnapshot> snapshot() {
        List<LevelSnapshot> out = new ArrayList<>(levels.length);
        for (int i = 0; i < levels.length; i++) {
            Level l = levels[i];
            Histogram wait = l.queueWait.total();
            Histogram run = l.runTime.total();
            out.add(new LevelSnapshot(PRIORITIES[i], l.counters(), wait, run, LatencyRecorder.newHistogram()));
        }
        return out;
    }

    /**
     * Counters since start, with the histograms of what was recorded since the previous call: for the
     * periodic log line, which subtracts the counters it saw last time.
     */
    public List<LevelSnapshot> takeInterval() {
        List<LevelSnapshot> out = new ArrayList<>(levels.length);
        for (int i = 0; i < levels.length; i++) {
            Level l = levels[i];
            Histogram wait = l.queueWait.takeInterval();
            Histogram run = l.runTime.takeInterval();
            out.add(new LevelSnapshot(PRIORITIES[i], l.counters(), wait, run, LatencyRecorder.newHistogram()));
        }
        return out;
    }

    /** One level's recorders. THREADING: as the enclosing class. */
    private static final class Level {
        final LongAdder submitted = new LongAdder();
        final LongAdder started = new LongAdder();
        final LongAdder succeeded = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder cancelled = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder stolen = new LongAdder();
        final LongAdder ranOnOwner = new LongAdder();
        final LongAdder ranOnBackup = new LongAdder();
        final LongAdder ranElsewhere = new LongAdder();
        final LatencyRecorder queueWait = new LatencyRecorder();
        final LatencyRecorder runTime = new LatencyRecorder();

        LongAdder where(PartitionRelation relation) {
            return switch (relation) {
                case OWNER -> ranOnOwner;
                case BACKUP -> ranOnBackup;
                case ELSEWHERE -> ranElsewhere;
                case NONE -> null;
            };
        }

        LongAdder outcome(Outcome outcome) {
            return switch (outcome) {
                case SUCCEEDED -> succeeded;
                case FAILED -> failed;
                case CANCELLED -> cancelled;
                case TIMED_OUT -> timedOut;
                case REJECTED -> rejected;
            };
        }

        TaskCounters counters() {
            return new TaskCounters(submitted.sum(), started.sum(), succeeded.sum(), failed.sum(), cancelled.sum(),
                    timedOut.sum(), rejected.sum(), stolen.sum(), ranOnOwner.sum(), ranOnBackup.sum(), ranElsewhere.sum());
        }
    }
}
