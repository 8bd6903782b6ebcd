package dev.lodestone.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    private static final int HIGH = Priority.HIGH.ordinal();
    private static final int LOW = Priority.LOW.ordinal();

    @Test
    void eachEventCountsInItsLevelAndItsCounter() {
        TaskMetrics m = new TaskMetrics();
        m.submitted(HIGH, 5);
        m.submitted(LOW, 1);
        m.rejected(HIGH);
        m.stolen(LOW);
        m.started(HIGH, 1_000_000, PartitionRelation.OWNER);
        m.started(HIGH, 2_000_000, PartitionRelation.BACKUP);
        m.started(HIGH, 3_000_000, PartitionRelation.ELSEWHERE);
        m.started(HIGH, 4_000_000, PartitionRelation.NONE);
        m.finished(HIGH, Outcome.SUCCEEDED, 10_000_000);
        m.finished(HIGH, Outcome.FAILED, 20_000_000);
        m.finished(HIGH, Outcome.TIMED_OUT, 30_000_000);
        m.finished(HIGH, Outcome.REJECTED, 40_000);
        m.endedInQueue(HIGH, Outcome.CANCELLED);
        m.started(LOW, 0, PartitionRelation.OWNER);
        m.finished(LOW, Outcome.CANCELLED, 5_000);

        List<LevelSnapshot> s = m.snapshot();
        assertThat(s).extracting(LevelSnapshot::priority).containsExactly(Priority.values());
        LevelSnapshot high = s.get(HIGH);
        assertThat(high.counters()).isEqualTo(new TaskCounters(5, 4, 1, 1, 1, 1, 2, 0, 1, 1, 1));
        assertThat(high.queueWait().getTotalCount()).isEqualTo(4);
        assertThat(high.queueWait().getMaxValue()).isEqualTo(high.queueWait().highestEquivalentValue(4_000));
        assertThat(high.runTime().getTotalCount()).isEqualTo(4);
        assertThat(high.endToEnd().getTotalCount()).as("a member knows no end-to-end time").isZero();
        assertThat(s.get(LOW).counters()).isEqualTo(new TaskCounters(1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0));
        assertThat(s.get(Priority.NORMAL.ordinal()).counters()).isEqualTo(TaskCounters.ZERO);
    }

    @Test
    void aTaskHandedBackAfterAWorkerTookItNoLongerCountsAsStartedThere() {
        TaskMetrics m = new TaskMetrics();
        m.submitted(HIGH, 1);
        m.started(HIGH, 1_000, PartitionRelation.ELSEWHERE);
        m.handedBack(HIGH, PartitionRelation.ELSEWHERE);
        TaskCounters c = m.snapshot().get(HIGH).counters();
        assertThat(c.started()).isZero();
        assertThat(c.ranElsewhere()).isZero();
        assertThat(c.submitted()).isEqualTo(1);
    }

    @Test
    void levelsOutsideThePriorityRangeCountAtTheNearestLevel() {
        TaskMetrics m = new TaskMetrics();
        m.submitted(-3, 1);
        m.submitted(99, 2);
        assertThat(m.snapshot().get(0).counters().submitted()).isEqualTo(1);
        assertThat(m.snapshot().get(Priority.values().length - 1).counters().submitted()).isEqualTo(2);
    }

    @Test
    void anIntervalHasTheHistogramsSinceThePreviousOneAndTheCountersSinceStart() {
        TaskMetrics m = new TaskMetrics();
        m.started(HIGH, 1_000, PartitionRelation.NONE);
        m.takeInterval();
        m.started(HIGH, 2_000, PartitionRelation.NONE);
        LevelSnapshot high = m.takeInterval().get(HIGH);
        assertThat(high.counters().started()).isEqualTo(2);
        assertThat(high.queueWait().getTotalCount()).isEqualTo(1);
        assertThat(m.snapshot().get(HIGH).queueWait().getTotalCount()).as("the total is untouched by intervals").isEqualTo(2);
    }

    @Test
    void workersRecordingConcurrentlyLoseNothing() throws InterruptedException {
        TaskMetrics m = new TaskMetrics();
        int threads = 4;
        int each = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    int level = i % 2 == 0 ? HIGH : LOW;
                    m.submitted(level, 1);
                    m.started(level, i, PartitionRelation.OWNER);
                    m.finished(level, Outcome.SUCCEEDED, i);
                }
            });
            ts[t].start();
        }
        go.countDown();
        for (int i = 0; i < 50; i++) {
            m.snapshot(); // readers harvest while workers record
        }
        for (Thread t : ts) {
            t.join();
        }
        for (int level : new int[] {HIGH, LOW}) {
            LevelSnapshot l = m.snapshot().get(level);
            long n = (long) threads * each / 2;
            assertThat(l.counters()).isEqualTo(new TaskCounters(n, n, n, 0, 0, 0, 0, 0, n, 0, 0));
            assertThat(l.queueWait().getTotalCount()).isEqualTo(n);
            assertThat(l.runTime().getTotalCount()).isEqualTo(n);
        }
    }
}
