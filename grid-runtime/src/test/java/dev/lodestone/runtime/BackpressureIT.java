package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.runtime.testtasks.Sleep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's in-flight bound: blocking submit waits then refuses, async submit refuses at once, nothing accepted is lost. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackpressureIT {

    private static final int LIMIT = 4;
    private static Grid grid;

    @BeforeAll
    static void start() {
        grid = Lodestone.embedded(EmbeddedOptions.members(1).withPartitions(7).withWorkerThreads(1)
                .withMaxInFlight(LIMIT).withSubmitTimeout(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        if (grid != null) {
            grid.close();
        }
    }

    private List<TaskHandle<String>> fill(long millis) {
        List<TaskHandle<String>> out = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            out.add(grid.submit(new Sleep(millis)));
        }
        return out;
    }

    @Test
    void aBlockingSubmitWaitsForRoomThenRefusesNamingTheLimit() {
        List<TaskHandle<String>> held = fill(30_000);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> grid.submit(new Sleep(1)))
                    .isInstanceOf(TaskRejectedException.class)
                    .hasMessageContaining("4 of 4 tasks in flight")
                    .hasMessageContaining("maxInFlight 4")
                    .hasMessageContaining("submit timeout of 300 ms");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        } finally {
            held.forEach(TaskHandle::cancel);
        }
    }

    @Test
    void anAsyncSubmitFailsItsFutureAtOnceAndSendsNothing() {
        List<TaskHandle<String>> held = fill(30_000);
        try {
            TaskHandle<String> refused = grid.submitAsync(new Sleep(1), SubmitOptions.defaults());

            assertThat(refused.result()).isCompletedExceptionally();
            assertThatThrownBy(() -> refused.result().join()).hasCauseInstanceOf(TaskRejectedException.class)
                    .hasMessageContaining("4 of 4 tasks in flight").hasMessageContaining("submitAsync does not wait");
        } finally {
            held.forEach(TaskHandle::cancel);
        }
    }

    @Test
    void roomComesBackWhenTasksAreAnsweredOrCancelled() {
        List<TaskHandle<String>> held = fill(30_000);
        held.forEach(TaskHandle::cancel);

        TaskHandle<String> next = grid.submit(new Sleep(1));

        assertThat(next.result()).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void aBatchLargerThanTheLimitGoesOutInPartsAndEveryTaskRuns() {
        List<Submission<String>> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(new Submission<>(new Sleep(5), SubmitOptions.defaults()));
        }
        try (Grid patient = Lodestone.embedded(EmbeddedOptions.members(1).withPartitions(7).withWorkerThreads(1)
                .withMaxInFlight(LIMIT).withSubmitTimeout(Duration.ofSeconds(10)))) {

            List<TaskHandle<String>> handles = patient.submitAll(batch);

            assertThat(handles).hasSize(25);
            for (TaskHandle<String> h : handles) {
                assertThat(h.result()).succeedsWithin(Duration.ofSeconds(10));
            }
        }
    }

    /** Regression: an interrupt while a later part waited for room threw, and the handles of the parts already sent were lost. */
    @Test
    void anInterruptWhileALaterPartWaitsKeepsTheHandlesOfWhatWasSent() throws Exception {
        List<Submission<String>> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(new Submission<>(new Sleep(2_000), SubmitOptions.defaults()));
        }
        try (Grid patient = Lodestone.embedded(EmbeddedOptions.members(1).withPartitions(7).withWorkerThreads(1)
                .withMaxInFlight(LIMIT).withSubmitTimeout(Duration.ofSeconds(30)))) {
            AtomicReference<List<TaskHandle<String>>> returned = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread submitter = new Thread(() -> {
                returned.set(patient.submitAll(batch));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }, "test-submitter");
            submitter.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> submitter.getState() == Thread.State.TIMED_WAITING);
            submitter.interrupt();
            submitter.join(10_000);

            List<TaskHandle<String>> handles = returned.get();
            assertThat(handles).as("submitAll returned instead of throwing").hasSize(10);
            assertThat(stillInterrupted).isTrue();
            for (TaskHandle<String> h : handles.subList(0, LIMIT)) {
                assertThat(h.result()).as("sent before the interrupt").succeedsWithin(Duration.ofSeconds(20));
            }
            for (TaskHandle<String> h : handles.subList(LIMIT, 10)) {
                assertThatThrownBy(() -> h.result().join()).hasCauseInstanceOf(TaskRejectedException.class)
                        .hasMessageContaining("interrupted while waiting for room");
            }
        }
    }
}
