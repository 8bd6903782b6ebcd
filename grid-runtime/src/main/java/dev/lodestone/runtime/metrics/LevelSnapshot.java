package dev.lodestone.runtime.metrics;

import dev.lodestone.api.metrics.LevelMetrics;
import dev.lodestone.api.metrics.Latency;
import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * One priority level's counters and latency histograms (microseconds), before they become percentiles: the
 * form in which a member's figures travel and are merged. A latency that is not measured where the snapshot
 * was taken (end-to-end on a member, queue wait at a client) is an empty histogram.
 *
 * <p>THREADING: not thread-safe; the histograms are private copies, owned by whoever holds the snapshot.
 *
 * <pre>{@code
 * LevelSnapshot cluster = LevelSnapshot.merge(Priority.HIGH, perMemberHighLevels);
 * LevelMetrics api = cluster.toLevelMetrics();
 * }</pre>
 *
 * @param priority  the level
 * @param counters  its counters
 * @param queueWait queue waits
 * @param runTime   run times
 * @param endToEnd  submit-to-result times at a client
 */
public record LevelSnapshot(Priority priority, TaskCounters counters, Histogram queueWait, Histogram runTime,
                            Histogram endToEnd) {

    /** Checks the values. */
    public LevelSnapshot {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(queueWait, "queueWait");
        Objects.requireNonNull(runTime, "runTime");
        Objects.requireNonNull(endToEnd, "endToEnd");
    }

    /** A level with nothing recorded. */
    public static LevelSnapshot empty(Priority priority) {
        return new LevelSnapshot(priority, TaskCounters.ZERO, LatencyRecorder.newHistogram(), LatencyRecorder.newHistogram(),
                LatencyRecorder.newHistogram());
    }

    /**
     * The sum of {@code levels}: counters added, histograms merged (so percentiles are exact over every
     * sample); the inputs are left as they were.
     */
    public static LevelSnapshot merge(Priority priority, List<LevelSnapshot> levels) {
        LevelSnapshot sum = empty(priority);
        TaskCounters counters = TaskCounters.ZERO;
        for (LevelSnapshot l : levels) {
            if (l.priority != priority) {
                throw new IllegalArgumentException("cannot merge level " + l.priority + " into " + priority);
            }
            counters = counters.plus(l.counters);
            sum.queueWait.add(l.queueWait);
            sum.runTime.add(l.runTime);
            sum.endToEnd.add(l.endToEnd);
        }
        return new LevelSnapshot(priority, counters, sum.queueWait, sum.runTime, sum.endToEnd);
    }

    /** This snapshot with another end-to-end histogram (a client's, on the cluster's figures). */
    public LevelSnapshot withEndToEnd(Histogram e2e) {
        return new LevelSnapshot(priority, counters, queueWait, runTime, e2e);
    }

    /** Percentiles for the public API. */
    public LevelMetrics toLevelMetrics() {
        return new LevelMetrics(priority, counters, latency(queueWait), latency(runTime), latency(endToEnd));
    }

    /** p50, p90, p99, p99.9 and max of a histogram of microseconds; {@link Latency#NONE} when it is empty. */
    public static Latency latency(Histogram h) {
        long count = h.getTotalCount();
        if (count == 0) {
            return Latency.NONE;
        }
        return new Latency(count, h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
