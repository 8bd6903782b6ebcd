package dev.lodestone.runtime.metrics;

import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.metrics.GridMetrics;
import dev.lodestone.api.metrics.LevelMetrics;
import dev.lodestone.api.metrics.MemberMetrics;
import dev.lodestone.api.task.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds {@link GridMetrics} from the members' snapshots and the client's: counters are added and histograms
 * merged level by level, so the cluster's percentiles are those of every member's samples together, never
 * an average of percentiles.
 *
 * <p>THREADING: stateless; any thread.
 *
 * <pre>{@code
 * GridMetrics m = MetricsMerger.assemble(Instant.now(), List.of(new MetricsMerger.Member(info, decoded)),
 *         clientMetrics.snapshot());
 * }</pre>
 */
public final class MetricsMerger {

    private static final Priority[] PRIORITIES = Priority.values();

    private MetricsMerger() {
    }

    /**
     * One member's figures as it sent them.
     *
     * @param member the member
     * @param levels one per {@link Priority}, in order
     */
    public record Member(MemberInfo member, List<LevelSnapshot> levels) {

        /** Checks the values. */
        public Member {
            Objects.requireNonNull(member, "member");
            levels = List.copyOf(levels);
            if (levels.size() != PRIORITIES.length) {
                throw new IllegalArgumentException("one level per priority is needed, got " + levels.size());
            }
        }
    }

    /**
     * @param takenAt when the members were asked
     * @param members each member's snapshot, in member order
     * @param client  this client's snapshot: its counters and end-to-end times, one per {@link Priority}
     */
    public static GridMetrics assemble(Instant takenAt, List<Member> members, List<LevelSnapshot> client) {
        List<MemberMetrics> perMember = new ArrayList<>(members.size());
        for (Member m : members) {
            List<LevelMetrics> levels = new ArrayList<>(PRIORITIES.length);
            for (LevelSnapshot l : m.levels()) {
                levels.add(l.toLevelMetrics());
            }
            perMember.add(new MemberMetrics(m.member(), levels));
        }
        List<LevelMetrics> cluster = new ArrayList<>(PRIORITIES.length);
        List<LevelMetrics> clientLevels = new ArrayList<>(PRIORITIES.length);
        for (Priority p : PRIORITIES) {
            List<LevelSnapshot> level = new ArrayList<>(members.size());
            for (Member m : members) {
                level.add(m.levels().get(p.ordinal()));
            }
            LevelSnapshot mine = client.get(p.ordinal());
            cluster.add(LevelSnapshot.merge(p, level).withEndToEnd(mine.endToEnd()).toLevelMetrics());
            clientLevels.add(mine.toLevelMetrics());
        }
        return new GridMetrics(takenAt, perMember, cluster, clientLevels);
    }
}
