package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.metrics.GridMetrics;
import dev.lodestone.api.metrics.Latency;
import dev.lodestone.api.metrics.LevelMetrics;
import dev.lodestone.api.metrics.MemberMetrics;
import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.api.task.TaskTimeoutException;
import dev.lodestone.runtime.testtasks.Fail;
import dev.lodestone.runtime.testtasks.Ran;
import dev.lodestone.runtime.testtasks.ReadKey;
import dev.lodestone.runtime.testtasks.Sleep;
import dev.lodestone.runtime.testtasks.WhoAmI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code grid.metrics()} against two real members: tasks of known outcomes at several priorities, then the
 * counters and histograms of each level on the members, merged for the cluster, and at the client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TaskMetricsIT {

    private static final int KEYS = 200;
    private static final int OK_LOW = 20;
    private static final int FAIL_LOW = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Grid grid;

    @BeforeAll
    static void start() {
        grid = Lodestone.embedded(EmbeddedOptions.members(2).withPartitions(31).withWorkerThreads(2));
        GridMap<Integer, String> data = grid.createMap("data");
        Map<Integer, String> entries = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            entries.put(k, "v" + k);
        }
        data.putAll(entries);
    }

    @AfterAll
    static void stop() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void countersAndHistogramsPerLevelOnEachMemberInTheClusterAndAtTheClient() throws Exception {
        GridMetrics before = grid.metrics();
        assertThat(before.members()).extracting(m -> m.member().name())
                .containsExactlyInAnyOrderElementsOf(grid.cluster().members().stream().map(MemberInfo::name).toList());
        assertThat(before.total()).isEqualTo(TaskCounters.ZERO);

        // HIGH: affine reads, each on the owner of its key
        List<Submission<Ran>> reads = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            reads.add(Submission.of(new ReadKey("data", k), SubmitOptions.affinity("data", k).withPriority(Priority.HIGH)));
        }
        for (TaskHandle<Ran> h : grid.submitAll(reads)) {
            h.result().get(30, TimeUnit.SECONDS);
        }

        // LOW: tasks without affinity that succeed or fail
        SubmitOptions low = SubmitOptions.defaults().withPriority(Priority.LOW);
        List<TaskHandle<String>> lows = new ArrayList<>();
        for (int i = 0; i < OK_LOW; i++) {
            lows.add(grid.submit(new WhoAmI(), low));
        }
        for (int i = 0; i < FAIL_LOW; i++) {
            lows.add(grid.submit(new Fail("boom " + i), low));
        }
        for (TaskHandle<String> h : lows) {
            h.result().handle((v, e) -> v).get(30, TimeUnit.SECONDS);
        }

        // CRITICAL: one running task, cancelled
        TaskHandle<String> running = grid.submit(new Sleep(20_000), SubmitOptions.defaults().withPriority(Priority.CRITICAL));
        Awaitility.await("the CRITICAL task running").atMost(WAIT).until(() -> totalRunning() == 1);
        assertThat(running.cancel()).isTrue();

        // NORMAL: two tasks keep both workers of partition 0's owner busy; LOW tasks queued behind them are
        // cancelled, or time out at the client, before a worker could take them
        Awaitility.await("nothing running").atMost(WAIT).until(() -> totalRunning() == 0);
        SubmitOptions onP0 = SubmitOptions.partition(0);
        List<TaskHandle<String>> blockers = List.of(grid.submit(new Sleep(2_000), onP0.withPriority(Priority.NORMAL)),
                grid.submit(new Sleep(2_000), onP0.withPriority(Priority.NORMAL)));
        Awaitility.await("both workers of the owner of partition 0 busy").atMost(WAIT).until(() -> totalRunning() == 2);
        TaskHandle<String> cancelled = grid.submit(new Sleep(10), onP0.withPriority(Priority.LOW));
        TaskHandle<String> timedOut = grid.submit(new Sleep(10), onP0.withPriority(Priority.LOW).withTimeout(Duration.ofMillis(200)));
        assertThat(cancelled.cancel()).isTrue();
        assertThatThrownBy(() -> timedOut.result().get(30, TimeUnit.SECONDS)).cause().isInstanceOf(TaskTimeoutException.class);
        assertThatThrownBy(() -> running.result().join()).isInstanceOf(CancellationException.class);
        for (TaskHandle<String> h : blockers) {
            h.result().get(30, TimeUnit.SECONDS);
        }

        // Every future is done; the members count a cancel when its CANCEL record arrives, so wait for that.
        Awaitility.await("members counted every task").atMost(WAIT).until(() -> {
            TaskCounters c = grid.metrics().total();
            return c.finished() == KEYS + OK_LOW + FAIL_LOW + 1 + 2 + 2 && c.started() == KEYS + OK_LOW + FAIL_LOW + 1 + 2;
        });
        GridMetrics m = grid.metrics();

        LevelMetrics high = m.cluster(Priority.HIGH);
        assertThat(high.counters()).isEqualTo(new TaskCounters(KEYS, KEYS, KEYS, 0, 0, 0, 0, 0, KEYS, 0, 0));
        assertThat(high.queueWait().count()).isEqualTo(KEYS);
        assertThat(high.runTime().count()).isEqualTo(KEYS);
        assertThat(high.endToEnd().count()).as("this client's end-to-end times").isEqualTo(KEYS);
        assertOrdered(high.queueWait());
        assertOrdered(high.runTime());
        assertOrdered(high.endToEnd());
        assertThat(m.members()).as("both members own keys of the map").allSatisfy(mm -> {
            assertThat(mm.level(Priority.HIGH).counters().ranOnOwner()).isPositive();
            assertThat(mm.level(Priority.HIGH).endToEnd()).isEqualTo(Latency.NONE);
        });
        assertThat(m.members().stream().mapToLong(mm -> mm.level(Priority.HIGH).counters().succeeded()).sum()).isEqualTo(KEYS);
        assertThat(m.members().stream().mapToLong(mm -> mm.level(Priority.HIGH).queueWait().count()).sum()).isEqualTo(KEYS);

        LevelMetrics lowLevel = m.cluster(Priority.LOW);
        TaskCounters lc = lowLevel.counters();
        assertThat(lc.submitted()).isEqualTo(OK_LOW + FAIL_LOW + 2);
        assertThat(lc.started()).as("the cancelled and timed-out tasks never started").isEqualTo(OK_LOW + FAIL_LOW);
        assertThat(lc.succeeded()).isEqualTo(OK_LOW);
        assertThat(lc.failed()).isEqualTo(FAIL_LOW);
        // The client cancels a task it gave up on at its timeout; the member counts it cancelled, unless its own
        // deadline check took it first (then timed out).
        assertThat(lc.cancelled() + lc.timedOut()).isEqualTo(2);
        assertThat(lc.cancelled()).isGreaterThanOrEqualTo(1);
        assertThat(lc.ranOnOwner() + lc.ranOnBackup() + lc.ranElsewhere()).as("no affinity: counted in none").isZero();
        assertThat(lowLevel.queueWait().count()).isEqualTo(OK_LOW + FAIL_LOW);
        assertThat(lowLevel.runTime().count()).isEqualTo(OK_LOW + FAIL_LOW);

        assertThat(m.cluster(Priority.NORMAL).counters()).as("partition affinity without a map counts on the owner")
                .isEqualTo(new TaskCounters(2, 2, 2, 0, 0, 0, 0, 0, 2, 0, 0));
        assertThat(m.cluster(Priority.NORMAL).runTime().p50Micros()).isGreaterThanOrEqualTo(2_000_000);
        assertThat(m.cluster(Priority.CRITICAL).counters()).isEqualTo(new TaskCounters(1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0));
        assertThat(m.cluster(Priority.BACKGROUND)).isEqualTo(LevelMetrics.empty(Priority.BACKGROUND));

        assertThat(m.client(Priority.HIGH).counters()).isEqualTo(new TaskCounters(KEYS, 0, KEYS, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(m.client(Priority.LOW).counters())
                .isEqualTo(new TaskCounters(OK_LOW + FAIL_LOW + 2, 0, OK_LOW, FAIL_LOW, 1, 1, 0, 0, 0, 0, 0));
        assertThat(m.client(Priority.LOW).endToEnd().count()).isEqualTo(OK_LOW + FAIL_LOW + 2);
        assertThat(m.client(Priority.CRITICAL).counters().cancelled()).isEqualTo(1);
        assertThat(m.client(Priority.HIGH).queueWait()).isEqualTo(Latency.NONE);

        for (MemberMetrics mm : m.members()) {
            assertThat(mm.total().finished()).isPositive();
        }
        assertThat(m.takenAt()).isAfter(before.takenAt());
    }

    private static long totalRunning() {
        return grid.cluster().status().stream().mapToLong(MemberStatus::running).sum();
    }

    private static void assertOrdered(Latency l) {
        assertThat(l.p50Micros()).isLessThanOrEqualTo(l.p90Micros());
        assertThat(l.p90Micros()).isLessThanOrEqualTo(l.p99Micros());
        assertThat(l.p99Micros()).isLessThanOrEqualTo(l.p999Micros());
        assertThat(l.p999Micros()).isLessThanOrEqualTo(l.maxMicros());
    }
}
