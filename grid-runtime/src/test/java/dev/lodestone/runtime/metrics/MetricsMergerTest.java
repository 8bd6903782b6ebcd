package dev.lodestone.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.metrics.GridMetrics;
import dev.lodestone.api.metrics.Latency;
import dev.lodestone.api.metrics.LevelMetrics;
import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MetricsMergerTest {

    private static final int HIGH = Priority.HIGH.ordinal();
    private static final MemberInfo M1 = new MemberInfo("m1", "127.0.0.1:5701", "127.0.0.1:6701", "u1");
    private static final MemberInfo M2 = new MemberInfo("m2", "127.0.0.1:5702", "127.0.0.1:6702", "u2");

    @Test
    void theClustersPercentilesAreThoseOfEveryMembersSamplesTogether() {
        // Two members with very different distributions: averaging their p99s would be far from the truth.
        TaskMetrics fast = new TaskMetrics();
        TaskMetrics slow = new TaskMetrics();
        Histogram union = LatencyRecorder.newHistogram();
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long wait = rnd.nextInt(500_000);
            fast.started(HIGH, wait, PartitionRelation.OWNER);
            union.recordValue(wait / 1_000);
        }
        for (int i = 0; i < 1_000; i++) {
            long wait = 50_000_000 + rnd.nextInt(900_000_000);
            slow.started(HIGH, wait, PartitionRelation.BACKUP);
            union.recordValue(wait / 1_000);
        }
        // as a client gets them: encoded by each member, decoded, merged
        GridMetrics g = MetricsMerger.assemble(Instant.EPOCH, List.of(
                new MetricsMerger.Member(M1, MetricsCodec.decode(MetricsCodec.encode(fast.snapshot()))),
                new MetricsMerger.Member(M2, MetricsCodec.decode(MetricsCodec.encode(slow.snapshot())))),
                new ClientMetrics().snapshot());

        Latency merged = g.cluster(Priority.HIGH).queueWait();
        assertThat(merged).isEqualTo(LevelSnapshot.latency(union));
        assertThat(merged.count()).isEqualTo(21_000);
        assertThat(merged.p50Micros()).isEqualTo(union.getValueAtPercentile(50));
        assertThat(merged.p99Micros()).isEqualTo(union.getValueAtPercentile(99));
        assertThat(merged.p999Micros()).isEqualTo(union.getValueAtPercentile(99.9));
        assertThat(merged.maxMicros()).isEqualTo(union.getMaxValue());
        long averagedP99 = (g.members().get(0).level(Priority.HIGH).queueWait().p99Micros()
                + g.members().get(1).level(Priority.HIGH).queueWait().p99Micros()) / 2;
        assertThat(merged.p99Micros()).as("not the average of the members' p99").isNotEqualTo(averagedP99);

        TaskCounters c = g.cluster(Priority.HIGH).counters();
        assertThat(c.started()).isEqualTo(21_000);
        assertThat(c.ranOnOwner()).isEqualTo(20_000);
        assertThat(c.ranOnBackup()).isEqualTo(1_000);
        assertThat(g.total().started()).isEqualTo(21_000);
    }

    @Test
    void membersKeepTheirOwnFiguresAndTheClientsEndToEndGoesIntoTheClustersLevels() {
        TaskMetrics m1 = new TaskMetrics();
        m1.submitted(HIGH, 3);
        m1.finished(HIGH, Outcome.SUCCEEDED, 2_000_000);
        ClientMetrics client = new ClientMetrics();
        client.submitted(HIGH, 4);
        client.completed(HIGH, 5_000_000, null);
        client.completed(HIGH, 6_000_000, new java.util.concurrent.CancellationException());

        GridMetrics g = MetricsMerger.assemble(Instant.EPOCH, List.of(new MetricsMerger.Member(M1, m1.snapshot())),
                client.snapshot());

        assertThat(g.members()).singleElement().satisfies(m -> {
            assertThat(m.member()).isEqualTo(M1);
            assertThat(m.level(Priority.HIGH).counters().submitted()).isEqualTo(3);
            assertThat(m.level(Priority.HIGH).endToEnd()).isEqualTo(Latency.NONE);
        });
        LevelMetrics cluster = g.cluster(Priority.HIGH);
        assertThat(cluster.counters().submitted()).as("the members' counters").isEqualTo(3);
        assertThat(cluster.runTime().count()).isEqualTo(1);
        assertThat(cluster.endToEnd().count()).as("the client's end-to-end times").isEqualTo(2);
        LevelMetrics mine = g.client(Priority.HIGH);
        assertThat(mine.counters()).isEqualTo(new TaskCounters(4, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0));
        assertThat(mine.endToEnd().maxMicros()).isEqualTo(LatencyRecorder.newHistogram().highestEquivalentValue(6_000));
        assertThat(mine.queueWait()).isEqualTo(Latency.NONE);
        assertThat(g.cluster(Priority.LOW)).isEqualTo(LevelMetrics.empty(Priority.LOW));
    }

    @Test
    void noMembersIsAnEmptyClusterNotAnError() {
        GridMetrics g = MetricsMerger.assemble(Instant.EPOCH, List.of(), new ClientMetrics().snapshot());
        assertThat(g.members()).isEmpty();
        assertThat(g.total()).isEqualTo(TaskCounters.ZERO);
    }
}
