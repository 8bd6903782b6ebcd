package dev.lodestone.runtime.metrics;

import dev.lodestone.api.metrics.TaskCounters;
import java.util.List;

/**
 * The member's periodic stats line: per priority level that saw traffic since the previous line (most urgent
 * first), the counters of that interval and its queue-wait and run-time p99. One line, {@code key=value} fields, so it greps:
 *
 * <pre>
 * stats member=m1 queued=12 running=4 partitions=135 | HIGH: submitted=40 started=40 ok=39 failed=1 cancelled=0
 *     timed_out=0 rejected=0 stolen=0 owner=40 backup=0 elsewhere=0 wait_p99_us=180 run_p99_us=5010; LOW: ...
 * </pre>
 * (one line in the log; wrapped here). With no traffic in the interval the part after {@code |} is {@code idle}.
 *
 * <p>THREADING: not thread-safe; one instance per member, called from its {@code lodestone-stats-<member>}
 * timer thread only. It takes the interval from {@link TaskMetrics#takeInterval()}, so only one such line
 * may exist per {@link TaskMetrics}.
 *
 * <pre>{@code
 * StatsLogLine line = new StatsLogLine(metrics);
 * timer.scheduleAtFixedRate(() -> log.info(line.next("m1", queued(), running(), partitions())), 10, 10, SECONDS);
 * }</pre>
 */
public final class StatsLogLine {

    private final TaskMetrics metrics;
    private TaskCounters[] previous;

    /** Counts intervals from now. */
    public StatsLogLine(TaskMetrics metrics) {
        this.metrics = metrics;
        List<LevelSnapshot> now = metrics.takeInterval();
        this.previous = now.stream().map(LevelSnapshot::counters).toArray(TaskCounters[]::new);
    }

    /** The line for the interval since the previous call (or since this object was made). */
    public String next(String member, long queued, long running, int partitions) {
        List<LevelSnapshot> now = metrics.takeInterval();
        StringBuilder b = new StringBuilder(256).append("stats member=").append(member).append(" queued=").append(queued)
                .append(" running=").append(running).append(" partitions=").append(partitions).append(" |");
        boolean any = false;
        for (int i = now.size() - 1; i >= 0; i--) { // most urgent level first
            LevelSnapshot l = now.get(i);
            TaskCounters c = minus(l.counters(), previous[l.priority().ordinal()]);
            previous[l.priority().ordinal()] = l.counters();
            if (c.equals(TaskCounters.ZERO) && l.queueWait().getTotalCount() == 0 && l.runTime().getTotalCount() == 0) {
                continue;
            }
            b.append(any ? "; " : " ").append(l.priority()).append(':')
                    .append(" submitted=").append(c.submitted())
                    .append(" started=").append(c.started())
                    .append(" ok=").append(c.succeeded())
                    .append(" failed=").append(c.failed())
                    .append(" cancelled=").append(c.cancelled())
                    .append(" timed_out=").append(c.timedOut())
                    .append(" rejected=").append(c.rejected())
                    .append(" stolen=").append(c.stolen())
                    .append(" owner=").append(c.ranOnOwner())
                    .append(" backup=").append(c.ranOnBackup())
                    .append(" elsewhere=").append(c.ranElsewhere())
                    .append(" wait_p99_us=").append(LevelSnapshot.latency(l.queueWait()).p99Micros())
                    .append(" run_p99_us=").append(LevelSnapshot.latency(l.runTime()).p99Micros());
            any = true;
        }
        if (!any) {
            b.append(" idle");
        }
        return b.toString();
    }

    private static TaskCounters minus(TaskCounters a, TaskCounters b) {
        return new TaskCounters(a.submitted() - b.submitted(), a.started() - b.started(), a.succeeded() - b.succeeded(),
                a.failed() - b.failed(), a.cancelled() - b.cancelled(), a.timedOut() - b.timedOut(), a.rejected() - b.rejected(),
                a.stolen() - b.stolen(), a.ranOnOwner() - b.ranOnOwner(), a.ranOnBackup() - b.ranOnBackup(),
                a.ranElsewhere() - b.ranElsewhere());
    }
}
