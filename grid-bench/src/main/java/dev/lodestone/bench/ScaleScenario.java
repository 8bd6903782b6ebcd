package dev.lodestone.bench;

import dev.lodestone.api.Grid;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.bench.tasks.Hold;
import dev.lodestone.bench.tasks.Noop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scale}: throughput and CPU per task (every JVM) as a job of no-op affine tasks grows from 10,000 to
 * 100,000 to 1,000,000 tasks, submitted with {@code submitAll}; the cost per task should stay flat. Then the heap one
 * queued task costs: with every worker of one member held busy ({@link Hold} tasks, released by cancelling them),
 * 1,000,000 tasks are queued there, and its heap after a full collection is weighed before and after from outside
 * ({@link HeapProbe}, jcmd), divided by the count: raw, and beyond the task's own serialized payload
 * ({@link PayloadSize}), which the member keeps as it came. Issue 4's goal: at most 300 bytes beyond the payload, and
 * 1,000,000 queued tasks fit in the default heap. Lodestone alone: raw Hazelcast has nothing to compare with a queued
 * million of tasks; the members have the same Hazelcast settings as in {@code throughput}.
 *
 * <p>The queued tasks are affine (Locality.OWNER) to partitions of the held member, so no idle member may steal
 * them; they come from a client connection of their own, which is closed afterwards: the member then cancels the held
 * and queued tasks of the client that went away, and the grid is idle again.
 */
final class ScaleScenario implements Scenario {

    private static final String[] SIZES = {"10k", "100k", "1m"};
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration QUEUE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final int TOP_CLASSES = 6;

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String summary() {
        return "throughput and CPU per task for jobs of 10k, 100k, 1m tasks, and heap bytes per queued task";
    }

    @Override
    public List<Option> options() {
        List<Option> o = new ArrayList<>(List.of(
                Option.integer("members", 2, 2, 1, 64, "member processes"),
                Option.integer("keys", 1_024, 1_024, 1, 10_000_000, "keys the jobs' tasks are affine to, in turn"),
                Option.integer("job-10k", 10_000, 500, 1, 100_000_000, "tasks of the small job (metrics *_10k)"),
                Option.integer("job-100k", 100_000, 1_000, 1, 100_000_000, "tasks of the middle job (metrics *_100k)"),
                Option.integer("job-1m", 1_000_000, 2_000, 1, 100_000_000, "tasks of the large job (metrics *_1m)"),
                Option.integer("queued", 1_000_000, 5_000, 1, 100_000_000,
                        "tasks queued on one member to weigh them (at most its queue.capacity, 2000000 by default)"),
                Option.decimal("hold-s", 1_800, 600, 1, 86_400, "longest a worker is held while the tasks are weighed")));
        o.addAll(NoopSides.options());
        return o;
    }

    @Override
    public List<String> requiredMetrics() {
        return List.of("tps_10k", "tps_100k", "tps_1m", "cpu_us_per_task_10k", "cpu_us_per_task_1m", "heap_bytes_per_queued_task");
    }

    @Override
    public void run(BenchRun run) throws Exception {
        Params p = run.params();
        int members = p.integer("members");
        NoopSides sides = NoopSides.start(run, "scale", members, p.integer("keys"), false);
        int[] counts = {p.integer("job-10k"), p.integer("job-100k"), p.integer("job-1m")};

        List<Rounds.Side> cycle = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            int n = counts[i];
            int warm = Math.min(n, counts[0]);
            cycle.add(new Rounds.Side("job of " + n, round -> job(sides, round == 0 ? warm : n)));
        }
        Rounds.Cycle r = Rounds.cycle(run.warmups(), run.rounds(), cycle, run::log);

        Report report = run.report();
        report.sides("jobs of no-op affine tasks (Noop, SubmitOptions.affinity) through submitAll in chunks of " + Jobs.CHUNK
                + ", first submit to last result; Lodestone alone", "-");
        for (int i = 0; i < SIZES.length; i++) {
            report.figure("throughput, job of " + counts[i], "tasks/s", r.stats("job of " + counts[i], "tps"), "tps_" + SIZES[i]);
        }
        for (int i = 0; i < SIZES.length; i++) {
            report.figure("CPU per task, all JVMs, job of " + counts[i], "us", r.stats("job of " + counts[i], "cpu_us_per_task"),
                    "cpu_us_per_task_" + SIZES[i]);
        }
        for (int i = 0; i < SIZES.length; i++) {
            report.figure("context switches per task, machine, job of " + counts[i], "switches",
                    r.stats("job of " + counts[i], "switches_per_task"), "switches_per_task_" + SIZES[i]);
        }
        double flat = report.metricValue("cpu_us_per_task_1m") / report.metricValue("cpu_us_per_task_10k");
        report.metric("cpu_per_task_1m_over_10k", flat);
        report.note(String.format(Locale.ROOT, "CPU per task of the %d-task job over the %d-task job's: %s (flat is 1)", counts[2],
                counts[0], Report.num(flat)));

        queuedHeap(run, sides, members, p.integer("queued"), Math.round(p.decimal("hold-s") * 1000));
    }

    /** A job of {@code n} tasks submitted with {@code submitAll}, first submit to last result. */
    private static Map<String, Double> job(NoopSides sides, int n) {
        CpuMeter.Sample before = sides.meter().sample();
        Jobs.Job<Integer> job = Jobs.submit(sides.grid(), n, sides::submission);
        double seconds = job.seconds(JOB_TIMEOUT);
        CpuMeter.Cost cost = sides.meter().sample().since(before);
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("tps", n / seconds);
        r.put("job_s", seconds);
        r.putAll(cost.perTask(n));
        return r;
    }

    /** Holds every worker of one member, queues {@code queued} tasks there and weighs them. */
    private static void queuedHeap(BenchRun run, NoopSides sides, int members, int queued, long holdMillis) {
        LocalCluster cluster = sides.cluster();
        String[] owners = LocalityScenario.owners(sides.grid());
        String target = owners[0];
        List<Integer> partitions = new ArrayList<>();
        for (int part = 0; part < owners.length; part++) {
            if (owners[part].equals(target)) {
                partitions.add(part);
            }
        }
        Long pid = cluster.pids().get(target);
        if (pid == null) {
            throw new BenchException("partition 0's owner " + target + " is not a member this run started: " + cluster.pids());
        }
        int workers = status(sides.grid(), target).workerThreads();
        // A connection of its own, closed afterwards (which cancels everything it left), with room for every task.
        Grid client = run.connect(cluster, o -> o.withMaxInFlight(Math.max(o.maxInFlight(), queued + workers + 1)));
        run.log("holding the " + workers + " worker(s) of member " + target + " (pid " + pid + ")");
        List<TaskHandle<Boolean>> holds = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            holds.add(client.submit(new Hold(holdMillis), SubmitOptions.partition(partitions.get(i % partitions.size()))));
        }
        GridWaits.until("the " + workers + " worker(s) of " + target + " to be held", QUEUE_TIMEOUT,
                () -> status(client, target).running() == workers && status(client, target).queued() == 0,
                () -> GridWaits.describe(client.cluster().status()));
        run.log("weighing member " + target + "'s heap with nothing queued (jcmd GC.class_histogram, GC.heap_info)");
        HeapProbe.Weight before = HeapProbe.weigh(pid);

        PayloadSize sizes = PayloadSize.fromClassPath();
        long payloadBytes = 0;
        for (int i = 0; i < queued; i++) {
            payloadBytes += sizes.of(new Noop(i));
        }
        run.log("queueing " + queued + " tasks on member " + target);
        Jobs.submit(client, queued, i -> Submission.of(new Noop(i), SubmitOptions.partition(partitions.get(i % partitions.size()))));
        GridWaits.until(queued + " tasks to be queued on " + target, QUEUE_TIMEOUT, () -> status(client, target).queued() >= queued,
                () -> GridWaits.describe(client.cluster().status()));
        run.log("weighing member " + target + "'s heap with " + queued + " tasks queued");
        HeapProbe.Weight after = HeapProbe.weigh(pid);
        boolean stillHeld = holds.stream().noneMatch(h -> h.result().isDone());
        run.release(client); // the member cancels the held and the queued tasks of a client that left
        GridWaits.idle(sides.grid(), members, IDLE_TIMEOUT);

        double perTask = (after.usedBytes() - before.usedBytes()) / (double) queued;
        double livePerTask = (after.liveBytes() - before.liveBytes()) / (double) queued;
        double payload = payloadBytes / (double) queued;
        Report report = run.report();
        report.figure("heap per queued task (used heap after a full GC)", "bytes", one(perTask), "heap_bytes_per_queued_task");
        report.figure("heap per queued task beyond its serialized payload", "bytes", one(perTask - payload),
                "heap_bytes_per_queued_task_beyond_payload");
        report.figure("live objects per queued task (class histogram)", "bytes", one(livePerTask), "live_bytes_per_queued_task");
        report.figure("serialized payload per task (Kryo)", "bytes", one(payload), "payload_bytes_per_task");
        report.figure("member's used heap, nothing queued", "MiB", one(before.usedBytes() / 1048576.0), "member_heap_mb_before");
        report.figure("member's used heap, " + queued + " queued", "MiB", one(after.usedBytes() / 1048576.0), "member_heap_mb_queued");
        report.note("heap figures: one measurement, on member " + target + " with its " + workers + " worker(s) held"
                + (stillHeld ? "" : " (a hold ended before the second weighing: raise --hold-s)"));
        report.note("what grew per queued task (class histogram, live objects):");
        for (String line : after.growth(before, queued, TOP_CLASSES)) {
            report.note("  " + line);
        }
        report.goal("heap_bytes_per_queued_task_beyond_payload", false, 300);
    }

    private static MemberStatus status(Grid grid, String member) {
        for (MemberStatus s : grid.cluster().status()) {
            if (s.member().name().equals(member)) {
                return s;
            }
        }
        throw new BenchException("member " + member + " did not answer a status request");
    }

    private static Stats one(double value) {
        return Stats.of(List.of(value));
    }
}
