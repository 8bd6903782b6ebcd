package dev.lodestone.api.metrics;

import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.task.Priority;

import java.util.List;
import java.util.Objects;

/**
 * One member's figures since it started, one entry per priority level.
 *
 * <pre>{@code
 * for (MemberMetrics m : grid.metrics().members()) {
 *     System.out.println(m.member().name() + " stole " + m.total().stolen());
 * }
 * }</pre>
 *
 * @param member the member
 * @param levels one per {@link Priority}, in {@code Priority} order
 */
public record MemberMetrics(MemberInfo member, List<LevelMetrics> levels) {

    /** Checks the values. */
    public MemberMetrics {
        Objects.requireNonNull(member, "member");
        levels = List.copyOf(levels);
        if (levels.size() != Priority.values().length) {
            throw new IllegalArgumentException("one entry per priority is needed, got " + levels.size());
        }
    }

    /** The figures of one level. */
    public LevelMetrics level(Priority priority) {
        return levels.get(priority.ordinal());
    }

    /** The counters of all levels added up. */
    public TaskCounters total() {
        return levels.stream().map(LevelMetrics::counters).reduce(TaskCounters.ZERO, TaskCounters::plus);
    }
}
