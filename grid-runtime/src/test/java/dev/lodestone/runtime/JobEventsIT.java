package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.events.JobEvent;
import dev.lodestone.api.events.JobEventKind;
import dev.lodestone.api.events.SubscribeOptions;
import dev.lodestone.api.events.Subscription;
import dev.lodestone.api.events.TaskResult;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobOptions;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskFailedException;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.testtasks.Announce;
import dev.lodestone.runtime.testtasks.AnnounceOnMembersTopic;
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

/**
 * Job events, the results topic and events published on success, seen from a client that submitted nothing, with two
 * members publishing results ({@code events.results=true}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JobEventsIT {

    private static final JobOptions FAST_RETRY = JobOptions.defaults().withRetryBackoff(Duration.ofMillis(10));

    private static TwoClientCluster grid;
    private static GridClient submitter;
    private static GridClient watcher;

    @BeforeAll
    static void start() {
        grid = TwoClientCluster.start("events.results", "true");
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
    void aJobsStartProgressAndEndReachAnotherClientAndTheEndOnceWithExactCounts() {
        List<JobEvent> seen = new CopyOnWriteArrayList<>();
        Subscription s = watcher.events().jobEvents().subscribe(e -> seen.add(e.payload()), SubscribeOptions.defaults(),
                j -> j.name().equals("progress"));
        List<Submission<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            Task<?> t = i % 150 == 7 ? new Fail("task " + i + " fails on purpose") : new Sleep(1);
            tasks.add(Submission.of(castTask(t), SubmitOptions.partition(i % 31)));
        }
        JobHandle<Object> job = submitter.submitJob("progress", tasks, JobOptions.defaults().withMaxAttempts(1));
        job.completion().handle((v, e) -> null).join();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(e -> e.kind() == JobEventKind.FINISHED));
        assertThat(seen.get(0).kind()).isEqualTo(JobEventKind.STARTED);
        assertThat(seen.get(0).total()).isEqualTo(1_500);
        assertThat(seen.get(0).done()).isZero();
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.jobId()).isEqualTo(job.id());
            assertThat(e.done()).isBetween(0, 1_500);
        });
        List<JobEvent> progress = seen.stream().filter(e -> e.kind() == JobEventKind.PROGRESS).toList();
        assertThat(progress).as("several reports while it ran").hasSizeGreaterThanOrEqualTo(2);
        assertThat(progress.stream().mapToInt(JobEvent::done).max().orElseThrow()).isEqualTo(1_500);
        List<JobEvent> ends = seen.stream().filter(e -> e.kind() == JobEventKind.FINISHED).toList();
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0)).extracting(JobEvent::succeeded, JobEvent::failed, JobEvent::lost).containsExactly(1_490, 10, 0);
        Awaitility.await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> seen.stream().filter(e -> e.kind() == JobEventKind.FINISHED).count() == 1);
        assertThat(s.missed()).isZero();
        s.close();
    }

    @Test
    void durableResultsArePublishedOnceAfterTheyAreStoredAndPlainOnesAsTheyEnd() {
        Map<TaskId, List<TaskResult>> byTask = new ConcurrentHashMap<>();
        Subscription s = watcher.events().results().subscribe(e -> byTask.computeIfAbsent(e.payload().taskId(),
                k -> new CopyOnWriteArrayList<>()).add(e.payload()));
        List<Submission<Integer>> flaky = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            flaky.add(Submission.of(new FailUntil(2), SubmitOptions.partition(i % 31)));
        }
        JobHandle<Integer> job = submitter.submitJob("flaky-results", flaky, FAST_RETRY);
        TaskHandle<Integer> plain = submitter.submit(new FailUntil(1), SubmitOptions.partition(3));
        TaskHandle<String> bad = submitter.submit(new Fail("no luck"), SubmitOptions.partition(4));
        job.completion().join();
        plain.result().join();
        bad.result().handle((v, e) -> null).join();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> byTask.size() == 62);
        for (int i = 0; i < 60; i++) {
            List<TaskResult> r = byTask.get(job.taskId(i));
            assertThat(r).as("task %d: its stored outcome only, not the failed first attempt", i).hasSize(1);
            assertThat(r.get(0)).extracting(TaskResult::succeeded, TaskResult::value, TaskResult::attempt, TaskResult::jobId)
                    .containsExactly(true, 2, 2, job.id());
        }
        assertThat(byTask.get(plain.id())).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo(1);
            assertThat(r.member()).isEqualTo(plain.executedOn().orElseThrow());
            assertThat(r.jobId()).isNull();
        });
        assertThat(byTask.get(bad.id())).singleElement().satisfies(r -> {
            assertThat(r.succeeded()).isFalse();
            assertThat(r.error()).contains("no luck");
        });
        assertThat(s.missed()).isZero();
        s.close();
    }

    @Test
    void eventsStagedOnSuccessArePublishedByTheAttemptThatSucceededOnly() {
        List<Integer> announced = new CopyOnWriteArrayList<>();
        Subscription s = watcher.events().topic("announced", Integer.class).subscribe(e -> announced.add(e.payload()));
        List<Submission<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // each fails its first attempt after staging, then succeeds
            tasks.add(Submission.of(new Announce("announced", i, 2), SubmitOptions.partition(i % 31)));
        }
        JobHandle<Integer> job = submitter.submitJob("announcing", tasks, FAST_RETRY);
        job.completion().join();
        // a plain task that fails after staging publishes nothing; one that succeeds publishes once
        assertThat(submitter.submit(new Announce("announced", -1, 2)).result()).failsWithin(Duration.ofSeconds(30));
        assertThat(submitter.submit(new Announce("announced", 100, 1)).result().join()).isEqualTo(100);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> announced.contains(100));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> announced.size() == 41);
        assertThat(announced).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(0, 40)
                .map(i -> i == 40 ? 100 : i).boxed().toList());

        TaskHandle<String> refused = submitter.submit(new AnnounceOnMembersTopic());
        assertThat(refused.result()).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(TaskFailedException.class).withMessageContaining("written by the members");
        s.close();
    }

    @SuppressWarnings("unchecked")
    private static Task<Object> castTask(Task<?> t) {
        return (Task<Object>) t;
    }
}
