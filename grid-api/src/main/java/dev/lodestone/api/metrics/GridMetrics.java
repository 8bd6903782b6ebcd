package dev.lodestone.api.metrics;

import dev.lodestone.api.task.Priority;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of task metrics: each member's, the cluster's (members merged: counters added, histograms
 * merged, so percentiles are exact over all members), and this client's end-to-end times.
 *
 * <pre>{@code
 * GridMetrics m = grid.metrics();
 * LevelMetrics high = m.cluster(Priority.HIGH);
 * System.out.printf("HIGH: wait p99 %d us, end-to-end p99 %d us%n",
 *         high.queueWait().p99Micros(), m.client(Priority.HIGH).endToEnd().p99Micros());
 * }</pre>
 *
 * @param takenAt when the members were asked
 * @param members each member's figures, in member order
 * @param cluster all members merged, one entry per {@link Priority}, with this client's end-to-end times
 * @param client  what this client saw: its counters and end-to-end times, one entry per {@link Priority}
 */
public record GridMetrics(Instant takenAt, List<MemberMetrics> members, List<LevelMetrics> cluster,
                          List<LevelMetrics> client) {

    /** Checks the values. */
    public GridMetrics {
        Objects.requireNonNull(takenAt, "takenAt");
        members = List.copyOf(members);
        cluster = List.copyOf(cluster);
        client = List.copyOf(client);
        int levels = Priority.values().length;
        if (cluster.size() != levels || client.size() != levels) {
            throw new IllegalArgumentException("one entry per priority is needed");
        }
    }

    /** The cluster's figures for one level. */
    public LevelMetrics cluster(Priority priority) {
        return cluster.get(priority.ordinal());
    }

    /** This client's figures for one level. */
    public LevelMetrics client(Priority priority) {
        return client.get(priority.ordinal());
    }

    /** The members' counters of every level added up. */
    public TaskCounters total() {
        return cluster.stream().map(LevelMetrics::counters).reduce(TaskCounters.ZERO, TaskCounters::plus);
    }
}
