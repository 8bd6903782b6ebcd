package dev.lodestone.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code throughput}: no-op affine tasks per second through 2 members and 1 client, with 1, 64 and 1,024 tasks in
 * flight, against raw Hazelcast's {@code IExecutorService.submitToKeyOwner} of the same no-op on the same member
 * processes ({@link NoopSides}); and a job submitted with {@code submitAll}. Issue 4's goals: at 64 and 1,024 in
 * flight at least 6x raw, with batch submission at least 10x (ratio_batch = the job's tasks/s over raw's with 1,024
 * in flight), and Lodestone's CPU per task at 64 in flight at most a quarter of raw's.
 *
 * <p>Each window is a {@link ClosedLoop}: exactly W in flight, the next request sent from the callback that
 * completes the previous one, on both sides; counted after a ramp-up. CPU is that of every JVM (members and the bench
 * JVM, which is the client), context switches those of the whole machine (and, apart, of the JVMs' threads), per task.
 * The sides alternate within each round ({@link Rounds#cycle}): Lodestone W=1, raw W=1, Lodestone W=64, ... then the
 * batch job.
 */
final class ThroughputScenario implements Scenario {

    static final int[] WINDOWS = {1, 64, 1024};
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String summary() {
        return "no-op affine tasks/s with 1, 64, 1024 in flight and by submitAll, against raw Hazelcast submitToKeyOwner";
    }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>(List.of(
                Option.integer("members", 2, 2, 1, 64, "member processes"),
                Option.integer("keys", 1_024, 1_024, 1, 10_000_000, "keys the tasks are affine to, in turn"),
                Option.decimal("window-s", 5, 0.3, 0.05, 3_600, "seconds each side is measured in each round, after its ramp"),
                Option.decimal("ramp-s", 1, 0.1, 0, 600, "seconds each side runs before it is measured"),
                Option.integer("batch", 100_000, 2_000, 1, 50_000_000, "tasks of the submitAll job")));
        o.addAll(NoopSides.options());
        return o;
    }

    @Override
    public List<String> requiredMetrics() {
        return List.of("lodestone_tps_w1", "lodestone_tps_w64", "lodestone_tps_w1024", "baseline_tps_w1", "baseline_tps_w64",
                "baseline_tps_w1024", "ratio_w1", "ratio_w64", "ratio_w1024", "lodestone_tps_batch", "ratio_batch",
                "lodestone_cpu_us_per_task_w64", "baseline_cpu_us_per_task_w64", "lodestone_switches_per_task_w64",
                "baseline_switches_per_task_w64");
    }

    @Override
    public void run(BenchRun run) throws Exception {
        Params p = run.params();
        int members = p.integer("members");
        Duration window = p.seconds("window-s");
        Duration ramp = p.seconds("ramp-s");
        int batch = p.integer("batch");
        NoopSides sides = NoopSides.start(run, "tput", members, p.integer("keys"));

        List<Rounds.Side> cycle = new ArrayList<>();
        for (int w : WINDOWS) {
            cycle.add(new Rounds.Side("lodestone w=" + w, round -> closed(sides::lodestone, w, round, ramp, window, sides)));
            cycle.add(new Rounds.Side("submitToKeyOwner w=" + w, round -> closed(sides::submitToKeyOwner, w, round, ramp, window,
                    sides)));
        }
        cycle.add(new Rounds.Side("lodestone submitAll job", round -> job(sides, round == 0 ? Math.max(1, batch / 5) : batch)));
        Rounds.Cycle r = Rounds.cycle(run.warmups(), run.rounds(), cycle, run::log);

        Report report = run.report();
        report.sides("Lodestone: grid.submitAsync(new Noop(key), SubmitOptions.affinity(map, key)), next one sent from the"
                + " completing callback; the job: submitAll in chunks of " + Jobs.CHUNK,
                "raw Hazelcast: IExecutorService.submitToKeyOwner(new HzNoop(key), key) on the same members, chained the same way");
        for (int w : WINDOWS) {
            report.compare("throughput, " + w + " in flight", "tasks/s", r.stats("lodestone w=" + w, "tps"), "lodestone_tps_w" + w,
                    r.stats("submitToKeyOwner w=" + w, "tps"), "baseline_tps_w" + w, "ratio_w" + w);
        }
        report.compare("throughput, submitAll job of " + batch + " vs raw at 1024 in flight", "tasks/s",
                r.stats("lodestone submitAll job", "tps"), "lodestone_tps_batch", r.stats("submitToKeyOwner w=1024", "tps"), null,
                "ratio_batch");
        for (int w : WINDOWS) {
            report.compare("CPU per task, all JVMs, " + w + " in flight", "us", r.stats("lodestone w=" + w, "cpu_us_per_task"),
                    "lodestone_cpu_us_per_task_w" + w, r.stats("submitToKeyOwner w=" + w, "cpu_us_per_task"),
                    "baseline_cpu_us_per_task_w" + w, "cpu_per_task_ratio_w" + w);
        }
        report.figure("CPU per task, all JVMs, submitAll job", "us", r.stats("lodestone submitAll job", "cpu_us_per_task"),
                "lodestone_cpu_us_per_task_batch");
        for (int w : WINDOWS) {
            report.compare("context switches per task, machine, " + w + " in flight", "switches",
                    r.stats("lodestone w=" + w, "switches_per_task"), "lodestone_switches_per_task_w" + w,
                    r.stats("submitToKeyOwner w=" + w, "switches_per_task"), "baseline_switches_per_task_w" + w,
                    "switches_per_task_ratio_w" + w);
        }
        for (int w : WINDOWS) {
            report.compare("context switches per task, the JVMs' threads, " + w + " in flight", "switches",
                    r.stats("lodestone w=" + w, "jvm_switches_per_task"), "lodestone_jvm_switches_per_task_w" + w,
                    r.stats("submitToKeyOwner w=" + w, "jvm_switches_per_task"), "baseline_jvm_switches_per_task_w" + w, null);
        }
        report.figure("context switches per task, machine, submitAll job", "switches",
                r.stats("lodestone submitAll job", "switches_per_task"), "lodestone_switches_per_task_batch");
        for (int w : WINDOWS) {
            report.compare("cores busy (all JVMs), " + w + " in flight", "cores", r.stats("lodestone w=" + w, "cores"),
                    "lodestone_cores_w" + w, r.stats("submitToKeyOwner w=" + w, "cores"), "baseline_cores_w" + w, null);
        }
        report.note("ratio_batch = lodestone_tps_batch / baseline_tps_w1024 (raw Hazelcast has no batch submission)");
        report.goal("ratio_w64", true, 6);
        report.goal("ratio_w1024", true, 6);
        report.goal("ratio_batch", true, 10);
        report.goal("cpu_per_task_ratio_w64", false, 0.25);
    }

    /** One closed-loop window of one side; the warm-up round runs half as long. */
    private static Map<String, Double> closed(ClosedLoop.Sender sender, int w, int round, Duration ramp, Duration window,
                                              NoopSides sides) {
        Duration measure = round == 0 ? window.dividedBy(2) : window;
        ClosedLoop.Result res = ClosedLoop.run(sender, w, ramp, measure, sides.meter(), DRAIN_TIMEOUT);
        return figures(res.completed(), res.perSecond(), res.cost());
    }

    /** A job of {@code n} tasks submitted with {@code submitAll}, first submit to last result. */
    private static Map<String, Double> job(NoopSides sides, int n) {
        CpuMeter.Sample before = sides.meter().sample();
        Jobs.Job<Integer> job = Jobs.submit(sides.grid(), n, sides::submission);
        double seconds = job.seconds(JOB_TIMEOUT);
        CpuMeter.Cost cost = sides.meter().sample().since(before);
        return figures(n, n / seconds, cost);
    }

    /** A round's figures: tasks/s, tasks, and what they cost per task. */
    static Map<String, Double> figures(long tasks, double perSecond, CpuMeter.Cost cost) {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("tps", perSecond);
        r.put("tasks", (double) tasks);
        r.putAll(cost.perTask(tasks));
        return r;
    }
}
