package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.api.events.JobEvent;
import dev.lodestone.api.events.JobEventKind;
import dev.lodestone.api.events.SubscribeOptions;
import dev.lodestone.api.events.Subscription;
import dev.lodestone.api.events.Trigger;
import dev.lodestone.api.events.TriggerOptions;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobState;
import dev.lodestone.api.job.JobStatus;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.cli.testtasks.Derive;
import dev.lodestone.cli.testtasks.Score;
import dev.lodestone.cli.testtasks.Scored;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable jobs against real member processes ({@code bin/start-member --daemon}): a member killed with SIGKILL a
 * third of the way through a job of 10,000 affine tasks, the submitting client killed mid-job, and a rolling restart
 * under load. Each task records every run of itself in map {@code runs}, so a task that ran twice shows.
 *
 * <p>The tests share one cluster, in this order: the client kill (changes nothing), the rolling restart (leaves
 * three members), a trigger's runs through a member kill (restarts that member), then the job's member kill
 * (leaves two).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DurableJobProcessIT {

    private static final List<String> NAMES = List.of("d1", "d2", "d3");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern JOB_LINE = Pattern.compile("JOB (\\S+)");
    private static final String MAP = "data";
    private static final int KEYS = 10_000;

    @TempDir
    static Path dir;

    private static Scripts scripts;
    private static int[] ports;
    private static String members;
    private static final List<Grid> GRIDS = new ArrayList<>();
    private static Process submitter;
    private static Grid grid;

    @BeforeAll
    static void startThreeMembersWithTheScriptAndFill() {
        grid = startClusterAndFill(KEYS);
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (submitter != null) {
                submitter.destroyForcibly();
            }
            GRIDS.forEach(Grid::close);
        } finally {
            if (scripts != null) {
                scripts.close();
            }
        }
    }

    private static Grid startClusterAndFill(int keys) {
        scripts = new Scripts(dir, "dj-" + UUID.randomUUID().toString().substring(0, 8));
        ports = Scripts.freePorts(NAMES.size());
        StringBuilder sb = new StringBuilder();
        for (int p : ports) {
            sb.append(sb.length() == 0 ? "" : ",").append("127.0.0.1:").append(p);
        }
        members = sb.toString();
        for (int i = 0; i < NAMES.size(); i++) {
            startMember(i);
        }
        Grid grid = connect();
        await("all members in the client's view").atMost(Duration.ofSeconds(60))
                .until(() -> grid.cluster().members().size() == NAMES.size());
        GridMap<Integer, Integer> data = grid.createMap(MAP);
        grid.createMap(Score.RUNS);
        Map<Integer, Integer> entries = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            entries.put(k, 3 * k + 1);
        }
        data.putAll(entries);
        awaitBalanced(grid);
        return grid;
    }

    private static void awaitBalanced(Grid grid) {
        int partitions = grid.cluster().partitionCount();
        await("partitions spread over every member").atMost(Duration.ofSeconds(90)).until(() -> {
            Map<String, Integer> owned = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                owned.merge(grid.cluster().ownerOf(p).name(), 1, Integer::sum);
            }
            return owned.size() == NAMES.size() && owned.values().stream().allMatch(n -> n >= partitions / NAMES.size() - 1);
        });
    }

    private static void startMember(int i) {
        Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "start-member", "--daemon", "--name", NAMES.get(i), "--cluster-name",
                scripts.clusterName(), "--port", Integer.toString(ports[i]), "--members", members, "--set", "worker.threads=2");
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    private static Grid connect() {
        Grid g = Lodestone.connect(ConnectOptions.parse(members).withClusterName(scripts.clusterName()));
        GRIDS.add(g);
        return g;
    }

    private static List<Submission<Scored>> scores(int keys, long millis) {
        List<Submission<Scored>> tasks = new ArrayList<>(keys);
        for (int k = 0; k < keys; k++) {
            tasks.add(Submission.of(new Score(MAP, k, millis), SubmitOptions.affinity(MAP, k)));
        }
        return tasks;
    }

    /** Runs recorded per task id, from map {@code runs}. */
    private static Map<String, Integer> runsPerTask(Grid grid) {
        Map<String, Integer> runs = new HashMap<>();
        for (String key : grid.<String, Integer>map(Score.RUNS).keySet()) {
            runs.merge(key.substring(0, key.indexOf('/')), 1, Integer::sum);
        }
        return runs;
    }

    private static AtomicInteger countDone(JobHandle<?> job) {
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < job.size(); i++) {
            job.result(i).whenComplete((v, e) -> done.incrementAndGet());
        }
        return done;
    }

    private static void assertEveryResultIsRight(JobHandle<Scored> job, int keys) {
        for (int k = 0; k < keys; k++) {
            Scored s = job.result(k).join();
            assertThat(s.key()).isEqualTo(k);
            assertThat(s.score()).as("score of key %d, run on %s", k, s.member()).isEqualTo(Score.expected(k, 3 * k + 1));
        }
    }

    @Test
    @Order(3)
    void triggerRunsRecordedOnAMemberKilledWithSigkillRunOnTheNewOwners() {
        int keys = 3_000;
        GridMap<Integer, Integer> watched = grid.createMap("watched", MapOptions.defaults().withUpdateEvents());
        GridMap<Integer, Integer> derived = grid.createMap("derived");
        // about 4 s of runs on 6 workers, so that some are pending when the member is killed
        Trigger trigger = grid.events().trigger("watched", new Derive(8), TriggerOptions.defaults());
        Map<Integer, Integer> values = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            values.put(k, 5 * k);
        }
        watched.putAll(values);
        await("every run recorded").atMost(Duration.ofSeconds(60)).until(() -> {
            Trigger.Status s = trigger.status();
            return s.pending() + s.running() + s.succeeded() == keys;
        });
        int doneBefore = trigger.status().succeeded();
        String victim = NAMES.get(1);
        ProcessHandle.of(scripts.pidOf(victim).orElseThrow()).orElseThrow().destroyForcibly(); // SIGKILL
        long killedAt = System.nanoTime();
        await("every derived value right").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<Integer, Integer> all = derived.getAll(values.keySet());
            return all.size() == keys && all.entrySet().stream().allMatch(e -> e.getValue() == Derive.of(e.getKey(), 5 * e.getKey()));
        });
        System.out.printf("trigger: %d of %d runs done when %s was killed (SIGKILL); every derived value right %d ms after the"
                + " kill; %d runs failed%n", doneBefore, keys, victim, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt),
                trigger.status().failed());
        assertThat(doneBefore).as("runs were still pending at the kill").isLessThan(keys);
        assertThat(trigger.status().failed()).isZero();
        trigger.close();
        startMember(1); // the next test wants three members again
        await(victim + " back in the cluster").atMost(Duration.ofSeconds(60))
                .until(() -> grid.cluster().members().size() == NAMES.size());
    }

    @Test
    @Order(4)
    void aMemberKilledAThirdOfTheWayThroughLosesNothingAndRerunsOnlyWhatItWasRunning() {
        int keys = KEYS;
        awaitBalanced(grid); // after the rolling restart, so no partition moves under the count below
        List<JobEvent> ends = new CopyOnWriteArrayList<>();
        Subscription jobEvents = grid.events().jobEvents().subscribe(e -> ends.add(e.payload()), SubscribeOptions.defaults(),
                e -> e.kind() == JobEventKind.FINISHED && e.name().equals("failover"));
        JobHandle<Scored> job = grid.submitJob("failover", scores(keys, 0));
        AtomicInteger done = countDone(job);
        await("a third of the job done").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> done.get() >= keys / 3);

        String victim = NAMES.get(2);
        Set<Integer> victimPartitions = new HashSet<>();
        for (int p = 0; p < grid.cluster().partitionCount(); p++) {
            if (grid.cluster().ownerOf(p).name().equals(victim)) {
                victimPartitions.add(p);
            }
        }
        GridMap<Integer, Integer> data = grid.map(MAP);
        int notDoneOnVictim = 0;
        for (int k = 0; k < keys; k++) {
            if (victimPartitions.contains(data.partitionOf(k)) && !job.result(k).isDone()) {
                notDoneOnVictim++;
            }
        }
        long pid = scripts.pidOf(victim).orElseThrow();
        long killedAt = System.currentTimeMillis();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
        int doneAtKill = done.get();

        JobStatus status = job.completion().orTimeout(180, TimeUnit.SECONDS).join();
        long finishedAt = System.currentTimeMillis();
        assertThat(status.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(status.succeeded()).isEqualTo(keys);
        assertEveryResultIsRight(job, keys);

        int reruns = 0;
        int requeued = 0;
        long lastRequeuedStart = killedAt;
        long firstRequeuedStart = Long.MAX_VALUE;
        for (int k = 0; k < keys; k++) {
            Scored s = job.result(k).join();
            if (s.attempt() > 1) {
                reruns++;
            }
            if (victimPartitions.contains(data.partitionOf(k)) && s.startedMillis() >= killedAt) {
                assertThat(s.member()).isNotEqualTo(victim);
                requeued++;
                lastRequeuedStart = Math.max(lastRequeuedStart, s.startedMillis());
                firstRequeuedStart = Math.min(firstRequeuedStart, s.startedMillis());
            }
        }
        Map<String, Integer> runs = runsPerTask(grid);
        // What the grid holds now: a result stored on the dead member in the instant before its backup got it was
        // delivered (Hazelcast's event leaves the primary first) and then run again as attempt 2 on the new owner.
        JobHandle<Scored> stored = connect().job(job.id());
        stored.completion().orTimeout(60, TimeUnit.SECONDS).join();
        int extraRuns = 0;
        int deliveredBeforeBackup = 0;
        for (int k = 0; k < keys; k++) {
            int n = runs.getOrDefault(job.taskId(k).toString(), 0);
            int attempt = stored.result(k).join().attempt();
            assertThat(n).as("runs of task %d", k).isBetween(1, attempt);
            assertThat(stored.result(k).join().score()).isEqualTo(job.result(k).join().score());
            extraRuns += n - 1;
            deliveredBeforeBackup += attempt > job.result(k).join().attempt() ? 1 : 0;
        }
        assertThat(deliveredBeforeBackup).as("results delivered, then lost with the member before their backup").isLessThanOrEqualTo(2);
        System.out.printf("failover: killed %s (SIGKILL) with %d of %d tasks done; %d tasks of its partitions were not done;"
                        + " %d ran again as attempt 2 (it had 2 workers), %d ran twice in all; %d re-queued tasks started on"
                        + " the new owners, the first %d ms and the last %d ms after the kill; job done %d ms after the kill;"
                        + " %d results stored just before the kill were lost with it and stored again%n",
                victim, doneAtKill, keys, notDoneOnVictim, reruns, extraRuns, requeued,
                firstRequeuedStart == Long.MAX_VALUE ? -1 : firstRequeuedStart - killedAt, lastRequeuedStart - killedAt,
                finishedAt - killedAt, deliveredBeforeBackup);
        // Re-run: what the dead member had claimed and not stored. Each of its 2 workers runs one task at a time and
        // stores its outcome asynchronously while it claims the next: at most 2 per worker (as in DurableJobIT).
        assertThat(reruns).as("re-runs: only what the dead member had claimed and not stored").isLessThanOrEqualTo(4)
                .isLessThanOrEqualTo(notDoneOnVictim);
        assertThat(extraRuns).isLessThanOrEqualTo(reruns + deliveredBeforeBackup);
        assertThat(status.rerun()).isEqualTo(reruns);
        // the job's end is announced once, with exact counts, though the dead member never reported what it stored last
        await("the job's FINISHED event").atMost(Duration.ofSeconds(60)).until(() -> !ends.isEmpty());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> ends.size() == 1);
        assertThat(ends.get(0)).extracting(JobEvent::jobId, JobEvent::succeeded, JobEvent::failed, JobEvent::lost)
                .containsExactly(job.id(), keys, 0, 0);
        jobEvents.close();
        assertThat(data.size()).as("entries of the data map, which has a backup").isEqualTo(keys);
        Map<Integer, Integer> all = data.getAll(new HashSet<>(java.util.stream.IntStream.range(0, keys).boxed().toList()));
        for (int k = 0; k < keys; k++) {
            assertThat(all.get(k)).isEqualTo(3 * k + 1);
        }
    }

    @Test
    @Order(1)
    void theSubmitterKilledMidJobLosesNothingAndANewClientFetchesEveryResultById() throws Exception {
        int keys = 4_000;
        Grid watcher = grid;
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), JobSubmitterMain.class.getName(), "127.0.0.1:" + ports[0],
                scripts.clusterName(), MAP, Integer.toString(keys), "1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
        submitter = pb.start();
        String jobId = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(submitter.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        CompletableFuture<String> idLine = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    Matcher m = JOB_LINE.matcher(line);
                    if (m.matches()) {
                        return m.group(1);
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        jobId = idLine.get(120, TimeUnit.SECONDS);
        assertThat(jobId).as("the submitter's output:\n" + seen).isNotNull();

        JobHandle<Scored> watching = watcher.job(jobId);
        AtomicInteger done = countDone(watching);
        await("a third of the job done").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> done.get() >= keys / 3);
        submitter.destroyForcibly(); // SIGKILL
        assertThat(submitter.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int doneAtKill = done.get();
        String id = jobId;
        // the CLI follows the rest of the job from its events
        CompletableFuture<Scripts.Result> following = CompletableFuture.supplyAsync(() -> scripts.run(SCRIPT_TIMEOUT, "grid", "job", id,
                "--cluster", members, "--cluster-name", scripts.clusterName(), "--limit", "3", "--wait"));

        JobHandle<Scored> fetched = connect().job(jobId);
        JobStatus status = fetched.completion().orTimeout(180, TimeUnit.SECONDS).join();
        assertThat(status.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(status.succeeded()).isEqualTo(keys);
        assertEveryResultIsRight(fetched, keys);
        Map<String, Integer> runs = runsPerTask(watcher);
        for (int k = 0; k < keys; k++) {
            assertThat(runs.get(fetched.taskId(k).toString())).as("runs of task %d", k).isEqualTo(1);
        }
        Scripts.Result cli = following.get(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(cli.exitCode()).as(cli.describe()).isZero();
        assertThat(cli.output()).contains("progress: " + keys + "/" + keys + " tasks (100%)");
        assertThat(cli.output()).contains("job " + jobId + " 'orphan': SUCCEEDED")
                .contains("tasks: " + keys + " total, " + keys + " succeeded, 0 failed, 0 lost")
                .contains("  0\tScored[key=0, score=" + Score.expected(0, 1));
        Scripts.Result unknown = scripts.run(SCRIPT_TIMEOUT, "grid", "job", "nosuch-12ab", "--cluster", members, "--cluster-name",
                scripts.clusterName());
        assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(1);
        assertThat(unknown.output()).contains("no durable job 'nosuch-12ab' in cluster '" + scripts.clusterName() + "'");
        Scripts.Result malformed = scripts.run(SCRIPT_TIMEOUT, "grid", "job", "nodash", "--cluster", members, "--cluster-name",
                scripts.clusterName());
        assertThat(malformed.exitCode()).as(malformed.describe()).isEqualTo(2);
        assertThat(malformed.output()).contains("'nodash' is not a job id");
        System.out.printf("client killed with %d of %d tasks done; a new client fetched all %d results by id %s; 'grid job --wait'"
                + " printed %d progress lines%n", doneAtKill, keys, keys, jobId,
                cli.output().lines().filter(l -> l.startsWith("progress: ")).count());
    }

    @Test
    @Order(2)
    void aRollingRestartUnderLoadRunsNoTaskTwice() {
        int keys = 2_000;
        List<JobHandle<Scored>> jobs = new ArrayList<>();
        List<TaskHandle<Scored>> plain = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            JobHandle<Scored> job = grid.submitJob("rolling-" + i, scores(keys, 5));
            jobs.add(job);
            plain.addAll(grid.submitAll(scores(keys, 5))); // plain tasks too: handed back, never run twice
            AtomicInteger done = countDone(job);
            await("some of job " + i + " done").atMost(Duration.ofSeconds(60)).until(() -> done.get() >= 100);
            Scripts.Result stop = scripts.run(SCRIPT_TIMEOUT, "stop-member", "--name", NAMES.get(i));
            assertThat(stop.exitCode()).as(stop.describe()).isZero();
            startMember(i);
            await(NAMES.get(i) + " back in the cluster").atMost(Duration.ofSeconds(60))
                    .until(() -> grid.cluster().members().size() == NAMES.size());
        }
        Map<String, Integer> runs = null;
        for (JobHandle<Scored> job : jobs) {
            JobStatus s = job.completion().orTimeout(180, TimeUnit.SECONDS).join();
            assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
            assertEveryResultIsRight(job, keys);
        }
        for (TaskHandle<Scored> h : plain) {
            h.result().orTimeout(180, TimeUnit.SECONDS).join();
        }
        runs = runsPerTask(grid); // once every task, durable and plain, has answered
        int tasks = 0;
        for (JobHandle<Scored> job : jobs) {
            for (int k = 0; k < keys; k++) {
                assertThat(job.result(k).join().attempt()).as("attempt of task %d of %s", k, job.id()).isEqualTo(1);
                assertThat(runs.get(job.taskId(k).toString())).as("runs of task %d of %s", k, job.id()).isEqualTo(1);
                tasks++;
            }
        }
        for (int i = 0; i < plain.size(); i++) {
            Scored sc = plain.get(i).result().orTimeout(180, TimeUnit.SECONDS).join();
            int k = i % keys;
            assertThat(sc.score()).isEqualTo(Score.expected(k, 3 * k + 1));
            assertThat(sc.attempt()).as("attempt of plain task %s", plain.get(i).id()).isEqualTo(1);
            assertThat(runs.get(plain.get(i).id().toString())).as("runs of plain task %s", plain.get(i).id()).isEqualTo(1);
        }
        System.out.printf("rolling restart of %d members under load: %d durable and %d plain tasks, each ran exactly once%n",
                NAMES.size(), tasks, plain.size());
    }
}
