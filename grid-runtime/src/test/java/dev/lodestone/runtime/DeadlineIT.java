package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.api.task.TaskTimeoutException;
import dev.lodestone.runtime.testtasks.Mark;
import dev.lodestone.runtime.testtasks.Sleep;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Deadlines on a member with one worker: a queued task past its deadline never starts, a running one is stopped. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadlineIT {

    private static Grid grid;
    private static GridMap<Integer, String> marks;

    @BeforeAll
    static void start() {
        grid = Lodestone.embedded(EmbeddedOptions.members(1).withPartitions(7).withWorkerThreads(1));
        marks = grid.createMap("marks");
    }

    @AfterAll
    static void stop() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void aQueuedTaskPastItsDeadlineNeverStarts() {
        TaskHandle<String> busy = grid.submit(new Sleep(1_000));
        TaskHandle<Boolean> late = grid.submit(new Mark("marks", 1), SubmitOptions.defaults().withTimeout(Duration.ofMillis(200)));

        assertThatThrownBy(() -> late.result().get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(TaskTimeoutException.class)
                .hasMessageContaining(late.id().toString())
                .hasMessageContaining("timeout of 200 ms");
        assertThat(busy.result()).succeedsWithin(Duration.ofSeconds(10));
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> !marks.containsKey(1));
    }

    @Test
    void aRunningTaskPastItsDeadlineIsStoppedOnTheMember() {
        TaskHandle<String> h = grid.submit(new Sleep(30_000), SubmitOptions.defaults().withTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> h.result().get(10, TimeUnit.SECONDS)).cause().isInstanceOf(TaskTimeoutException.class)
                .hasMessageContaining(h.id().toString());
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> grid.cluster().status().stream().mapToLong(MemberStatus::running).sum() == 0);
    }
}
