package dev.lodestone.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.task.Priority;
import org.junit.jupiter.api.Test;

class StatsLogLineTest {

    private static final int HIGH = Priority.HIGH.ordinal();
    private static final int LOW = Priority.LOW.ordinal();

    @Test
    void eachLineHasTheFiguresOfItsIntervalForTheLevelsWithTraffic() {
        TaskMetrics m = new TaskMetrics();
        m.submitted(HIGH, 100); // before the line object: not in its first interval
        StatsLogLine line = new StatsLogLine(m);

        assertThat(line.next("m1", 0, 0, 135)).isEqualTo("stats member=m1 queued=0 running=0 partitions=135 | idle");

        m.submitted(HIGH, 2);
        m.started(HIGH, 1_500_000, PartitionRelation.OWNER);
        m.finished(HIGH, Outcome.SUCCEEDED, 7_000_000);
        m.started(HIGH, 500_000, PartitionRelation.OWNER);
        m.finished(HIGH, Outcome.FAILED, 1_000_000);
        m.submitted(LOW, 1);
        String first = line.next("m1", 3, 1, 135);
        assertThat(first).startsWith("stats member=m1 queued=3 running=1 partitions=135 | HIGH: submitted=2 started=2 ok=1"
                + " failed=1 cancelled=0 timed_out=0 rejected=0 stolen=0 owner=2 backup=0 elsewhere=0 wait_p99_us=1500"
                + " run_p99_us=" + LatencyRecorder.newHistogram().highestEquivalentValue(7_000) + "; LOW: submitted=1 started=0");
        assertThat(first).doesNotContain("NORMAL").doesNotContain("\n");

        m.started(LOW, 2_000_000, PartitionRelation.NONE);
        String second = line.next("m1", 0, 0, 135);
        assertThat(second).contains("| LOW: submitted=0 started=1 ").contains("wait_p99_us=2000 run_p99_us=0")
                .doesNotContain("HIGH");
    }
}
