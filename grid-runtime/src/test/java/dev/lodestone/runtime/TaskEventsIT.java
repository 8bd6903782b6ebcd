package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.events.SubscribeOptions;
import dev.lodestone.api.events.Subscription;
import dev.lodestone.api.events.TaskEvent;
import dev.lodestone.api.events.TaskEventKind;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobOptions;
import dev.lodestone.api.task.Locality;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.testtasks.Fail;
import dev.lodestone.runtime.testtasks.FailUntil;
import dev.lodestone.runtime.testtasks.Sleep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Task lifecycle events from members with {@code events.tasks=true}: every step of every task, in order per task. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TaskEventsIT {

    private static TwoClientCluster grid;
    private static GridClient submitter;
    private static GridClient watcher;

    @BeforeAll
    static void start() {
        grid = TwoClientCluster.start("events.tasks", "true");
        submitter = grid.submitter();
        watcher = grid.watcher();
    }

    @AfterAll
    static void stop() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void everyStepOfEveryTaskReachesAnotherClientInOrderPerTask() {
        Map<TaskId, List<TaskEvent>> byTask = new ConcurrentHashMap<>();
        Subscription s = watcher.events().taskEvents().subscribe(e -> {
            if (e.payload().taskId() != null) {
                byTask.computeIfAbsent(e.payload().taskId(), k -> new CopyOnWriteArrayList<>()).add(e.payload());
            }
        });
        List<TaskHandle<Integer>> ok = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ok.add(submitter.submit(new FailUntil(1), SubmitOptions.partition(i % 31)));
        }
        TaskHandle<String> bad = submitter.submit(new Fail("on purpose"));
        ok.forEach(h -> h.result().join());
        bad.result().handle((v, e) -> null).join();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ok.stream().allMatch(h -> kinds(byTask, h.id()).size() == 3)
                && kinds(byTask, bad.id()).size() == 3);
        for (TaskHandle<Integer> h : ok) {
            assertThat(kinds(byTask, h.id())).as("steps of %s", h.id())
                    .containsExactly(TaskEventKind.SUBMITTED, TaskEventKind.STARTED, TaskEventKind.SUCCEEDED);
            assertThat(byTask.get(h.id())).allSatisfy(e -> {
                assertThat(e.member()).isEqualTo(h.executedOn().orElseThrow());
                assertThat(e.attempt()).isEqualTo(1);
                assertThat(e.jobId()).isNull();
            });
        }
        assertThat(kinds(byTask, bad.id())).containsExactly(TaskEventKind.SUBMITTED, TaskEventKind.STARTED, TaskEventKind.FAILED);
        assertThat(s.missed()).isZero();
        s.close();
    }

    @Test
    void aDurableTaskThatFailsOnceShowsItsRetryAndCarriesItsJobId() {
        List<TaskEvent> seen = new CopyOnWriteArrayList<>();
        Subscription s = watcher.events().taskEvents().subscribe(e -> seen.add(e.payload()), SubscribeOptions.defaults(),
                t -> t.jobId() != null && t.jobId().startsWith("flaky-"));
        JobHandle<Integer> job = submitter.submitJob("flaky", List.of(Submission.of(new FailUntil(2), SubmitOptions.partition(4))),
                JobOptions.defaults().withRetryBackoff(Duration.ofMillis(10)));
        assertThat(job.result(0).join()).isEqualTo(2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 7);
        assertThat(seen).extracting(TaskEvent::kind).containsExactly(TaskEventKind.SUBMITTED, TaskEventKind.STARTED,
                TaskEventKind.FAILED, TaskEventKind.RETRIED, TaskEventKind.SUBMITTED, TaskEventKind.STARTED, TaskEventKind.SUCCEEDED);
        assertThat(seen).allSatisfy(e -> assertThat(e.jobId()).isEqualTo(job.id()));
        assertThat(seen.get(seen.size() - 1).attempt()).isEqualTo(2);
        s.close();
    }

    @Test
    void aStolenTasksStepsFromTwoMembersArriveInOrder() {
        Map<TaskId, List<TaskEvent>> byTask = new ConcurrentHashMap<>();
        Subscription s = watcher.events().taskEvents().subscribe(e -> {
            if (e.payload().taskId() != null) {
                byTask.computeIfAbsent(e.payload().taskId(), k -> new CopyOnWriteArrayList<>()).add(e.payload());
            }
        });
        String owner = submitter.cluster().ownerOf(0).name();
        List<TaskHandle<String>> handles = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // all on one member's partition, free to move: the other member steals some
            handles.add(submitter.submit(new Sleep(30), SubmitOptions.partition(0).withLocality(Locality.ANY)));
        }
        handles.forEach(h -> h.result().join());
        List<TaskHandle<String>> stolen = handles.stream().filter(h -> !h.executedOn().orElseThrow().equals(owner)).toList();
        assertThat(stolen).as("the idle member stole some").isNotEmpty();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> handles.stream().allMatch(h -> kinds(byTask, h.id()).size()
                == (stolen.contains(h) ? 4 : 3)));
        for (TaskHandle<String> h : stolen) {
            assertThat(kinds(byTask, h.id())).as("steps of stolen task %s", h.id())
                    .containsExactly(TaskEventKind.SUBMITTED, TaskEventKind.STOLEN, TaskEventKind.STARTED, TaskEventKind.SUCCEEDED);
            assertThat(byTask.get(h.id()).get(0).member()).isEqualTo(owner);
            assertThat(byTask.get(h.id()).get(1).member()).isEqualTo(h.executedOn().orElseThrow());
        }
        s.close();
    }

    private static List<TaskEventKind> kinds(Map<TaskId, List<TaskEvent>> byTask, TaskId id) {
        return byTask.getOrDefault(id, List.of()).stream().map(TaskEvent::kind).toList();
    }
}
