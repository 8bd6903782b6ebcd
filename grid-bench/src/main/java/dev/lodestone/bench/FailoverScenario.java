package dev.lodestone.bench;

import dev.lodestone.api.Grid;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobStatus;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.bench.tasks.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code failover}: a durable job of affine tasks on 3 members, one of which is killed with SIGKILL when a third of
 * the job is done, against the same job on the same cluster without a kill (run first). Each round starts a fresh
 * cluster, since it loses a member.
 *
 * <p>Reported: tasks lost (futures that failed or never completed), results delivered more than once to the caller,
 * re-runs (attempt 2 or later), the recovery time (from the kill to the first task of the dead member's partitions
 * starting on a new owner: that is when the survivors noticed and queued all of them again), the time until the last
 * of them started, and job throughput before the kill, from the kill to the recovery, and after.
 */
final class FailoverScenario implements Scenario {

    private static final String MAP = "bench-failover";
    private static final int VALUE_BYTES = 100;
    private static final int MEMBERS = 3;
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);
    private static final long RESULT_TIMEOUT_S = 600;

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String summary() {
        return "a durable job with one of 3 members killed (SIGKILL) a third of the way through, against the job without a kill";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("tasks", 20_000, 600, 3, 10_000_000, "tasks in the job"),
                Option.integer("keys", 20_000, 600, 3, 10_000_000, "entries in the map (100-byte values); task i reads key i mod keys"),
                Option.decimal("task-ms", 0.2, 0, 0, 60_000, "CPU time of each task, ms"));
    }

    @Override
    public List<String> requiredMetrics() {
        return List.of("tasks", "tasks_lost", "duplicate_results", "reruns", "recovery_ms");
    }

    @Override
    public void run(BenchRun run) throws Exception {
        List<Map<String, Double>> killed = new ArrayList<>();
        List<Map<String, Double>> calm = new ArrayList<>();
        for (int round = 0; round <= run.rounds(); round++) {
            String which = round == 0 ? "warm-up" : "round " + round + "/" + run.rounds();
            LocalCluster cluster = run.cluster("r" + round, MEMBERS, run.memberSettings(Map.of()));
            Grid grid = run.connect(cluster);
            GridMap<Integer, byte[]> map = grid.createMap(MAP, MapOptions.defaults().withBackups(1));
            int keys = run.params().integer("keys");
            MapFill.fill(map, keys, k -> new byte[VALUE_BYTES]);
            GridWaits.balanced(grid, MEMBERS, SETTLE_TIMEOUT);
            Map<String, Double> b = job(run, grid, cluster, round, false);
            run.log(which + " without a kill: " + Report.figures(b));
            Map<String, Double> a = job(run, grid, cluster, round, true);
            run.log(which + " with a member killed: " + Report.figures(a));
            if (round > 0) {
                killed.add(a);
                calm.add(b);
            }
            run.release(grid);
            run.release(cluster);
        }
        Rounds.Results r = new Rounds.Results(killed, calm);
        Report report = run.report();
        report.sides("durable job, one of " + MEMBERS + " members killed (SIGKILL) a third of the way through",
                "the same job on the same cluster, no kill");
        report.figure("tasks in the job", "tasks", r.a("tasks"), "tasks");
        report.figure("tasks lost", "tasks", r.a("tasks_lost"), "tasks_lost");
        report.figure("results delivered more than once", "tasks", r.a("duplicate_results"), "duplicate_results");
        report.figure("re-runs (attempt 2 or later)", "tasks", r.a("reruns"), "reruns");
        report.figure("tasks of the dead member's partitions not done at the kill", "tasks", r.a("affected"), "affected_tasks");
        report.figure("recovery: kill to the first of them started on a new owner", "ms", r.a("recovery_ms"), "recovery_ms");
        report.figure("kill to the last of them started", "ms", r.a("all_started_ms"), "all_affected_started_ms");
        report.compare("job throughput before the kill", "tasks/s", r.a("tps_before"), "tps_before", r.b("tps"), "baseline_tps",
                "before_over_baseline");
        report.compare("job throughput from the kill to the recovery", "tasks/s", r.a("tps_during"), "tps_during", r.b("tps"), null,
                "during_over_baseline");
        report.compare("job throughput after the recovery", "tasks/s", r.a("tps_after"), "tps_after", r.b("tps"), null,
                "after_over_baseline");
        report.compare("job time", "s", r.a("job_s"), "job_s", r.b("job_s"), "baseline_job_s", "job_s_ratio");
        report.note("exactly once: tasks_lost and duplicate_results must be 0; reruns at most the dead member's workers");
    }

    private static Map<String, Double> job(BenchRun run, Grid grid, LocalCluster cluster, int round, boolean kill) throws Exception {
        int tasks = run.params().integer("tasks");
        if (round == 0) {
            tasks = Math.max(3, tasks / 5);
        }
        int keys = run.params().integer("keys");
        long nanos = Math.round(run.params().decimal("task-ms") * 1e6);
        GridMap<Integer, byte[]> map = grid.map(MAP);
        List<Submission<Tally.Done>> batch = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            batch.add(Submission.of(new Tally(MAP, i % keys, nanos), SubmitOptions.affinity(MAP, i % keys)));
        }
        long t0 = System.currentTimeMillis();
        JobHandle<Tally.Done> job = grid.submitJob(kill ? "failover" : "calm", batch);
        AtomicInteger done = new AtomicInteger();
        AtomicIntegerArray deliveries = new AtomicIntegerArray(tasks);
        AtomicLongArray doneAt = new AtomicLongArray(tasks);
        for (int i = 0; i < tasks; i++) {
            int index = i;
            job.result(i).whenComplete((v, e) -> {
                deliveries.incrementAndGet(index);
                doneAt.set(index, System.currentTimeMillis());
                done.incrementAndGet();
            });
        }
        Map<String, Double> r = new LinkedHashMap<>();
        if (!kill) {
            JobStatus s = job.completion().get(RESULT_TIMEOUT_S, TimeUnit.SECONDS);
            double seconds = (System.currentTimeMillis() - t0) / 1e3;
            r.put("job_s", seconds);
            r.put("tps", s.total() / seconds);
            return r;
        }
        while (done.get() < tasks / 3) {
            Thread.sleep(1); // the job's progress has no signal to wait on; a millisecond is finer than what is measured
        }
        String victim = cluster.memberNames().get(MEMBERS - 1);
        Set<Integer> victimPartitions = new HashSet<>();
        for (int p = 0; p < grid.cluster().partitionCount(); p++) {
            if (grid.cluster().ownerOf(p).name().equals(victim)) {
                victimPartitions.add(p);
            }
        }
        boolean[] affected = new boolean[tasks];
        int affectedCount = 0;
        for (int i = 0; i < tasks; i++) {
            if (victimPartitions.contains(map.partitionOf(i % keys)) && !job.result(i).isDone()) {
                affected[i] = true;
                affectedCount++;
            }
        }
        long killedAt = System.currentTimeMillis();
        ProcessHandle.of(cluster.pids().get(victim)).ifPresent(ProcessHandle::destroyForcibly);
        int doneAtKill = done.get();
        run.log("killed " + victim + " (SIGKILL) with " + doneAtKill + " of " + tasks + " done, " + affectedCount
                + " tasks of its partitions not done");
        try {
            job.completion().get(RESULT_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            run.log("the job ended with an error: " + e.getCause());
        }
        long end = System.currentTimeMillis();
        int lost = 0;
        int reruns = 0;
        int duplicates = 0;
        long first = Long.MAX_VALUE;
        long last = killedAt;
        for (int i = 0; i < tasks; i++) {
            duplicates += deliveries.get(i) > 1 ? 1 : 0;
            if (!job.result(i).isDone() || job.result(i).isCompletedExceptionally()) {
                lost++;
                continue;
            }
            Tally.Done d = job.result(i).join();
            reruns += d.attempt() > 1 ? 1 : 0;
            if (affected[i] && d.startedMillis() >= killedAt) {
                first = Math.min(first, d.startedMillis());
                last = Math.max(last, d.startedMillis());
            }
        }
        long recovered = first == Long.MAX_VALUE ? killedAt : first;
        int during = 0;
        int after = 0;
        for (int i = 0; i < tasks; i++) {
            long at = doneAt.get(i);
            if (at >= killedAt && at < recovered) {
                during++;
            } else if (at >= recovered) {
                after++;
            }
        }
        r.put("tasks", (double) tasks);
        r.put("tasks_lost", (double) lost);
        r.put("duplicate_results", (double) duplicates);
        r.put("reruns", (double) reruns);
        r.put("affected", (double) affectedCount);
        r.put("recovery_ms", (double) (recovered - killedAt));
        r.put("all_started_ms", (double) (last - killedAt));
        r.put("tps_before", doneAtKill / Math.max(1e-3, (killedAt - t0) / 1e3));
        r.put("tps_during", during / Math.max(1e-3, (recovered - killedAt) / 1e3));
        r.put("tps_after", after / Math.max(1e-3, (end - recovered) / 1e3));
        r.put("job_s", (end - t0) / 1e3);
        return r;
    }
}
