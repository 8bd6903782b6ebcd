package dev.lodestone.bench;

import dev.lodestone.api.Grid;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.bench.tasks.Ran;
import dev.lodestone.bench.tasks.ReadAndSpin;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code locality}: tasks on uniformly random keys of a map with data in it, each reading its key's value through
 * {@code ctx.map}; with an affinity to the key (Lodestone's placement) against no affinity (least-loaded
 * placement). Reports the fraction that ran on the key's partition owner and the bytes read remotely per task.
 * Issue 3's goal: at least 99.9% of affine tasks on the owner.
 *
 * <p>The owner of each partition is read from the client's partition table after the round (the cluster is
 * balanced before the first round, so nothing migrates during the run); the member that ran a task is what the
 * task itself reports ({@code ctx.memberName()}).
 */
final class LocalityScenario implements Scenario {

    private static final String MAP = "bench-locality";
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RESULT_TIMEOUT = Duration.ofMinutes(30);

    @Override
    public String name() {
        return "locality";
    }

    @Override
    public String summary() {
        return "where affine tasks run and the bytes they read remotely, against tasks without affinity";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("members", 2, 2, 1, 64, "member processes"),
                Option.integer("entries", 100_000, 2_000, 1, 100_000_000, "entries in the map"),
                Option.integer("value-bytes", 1_024, 1_024, 0, 10_000_000, "size of each value"),
                Option.integer("tasks", 20_000, 1_000, 1, 50_000_000, "tasks per round, each on a random key"),
                Option.decimal("task-ms", 0, 0, 0, 60_000, "CPU time each task burns after its read, ms"),
                Option.integer("seed", 42, 42, Long.MIN_VALUE, Long.MAX_VALUE, "seed of the random keys"),
                Option.optionalInteger("locality-wait-ms", 0, 3_600_000, "locality.wait.ms of the members (default: conf/)"));
    }

    @Override
    public List<String> requiredMetrics() {
        return List.of("owner_fraction", "remote_bytes_per_task");
    }

    @Override
    public void run(BenchRun run) throws Exception {
        Params p = run.params();
        int members = p.integer("members");
        int entries = p.integer("entries");
        int valueBytes = p.integer("value-bytes");
        int tasks = p.integer("tasks");
        long nanos = Math.round(p.decimal("task-ms") * 1e6);
        long seed = p.longValue("seed");
        Map<String, String> settings = new LinkedHashMap<>();
        if (p.has("locality-wait-ms")) {
            settings.put("locality.wait.ms", Integer.toString(p.integer("locality-wait-ms")));
        }
        LocalCluster cluster = run.cluster("loc", members, run.memberSettings(settings));
        Grid grid = run.connect(cluster);
        GridMap<Integer, byte[]> map = grid.createMap(MAP);
        fill(run, map, entries, valueBytes, seed);
        GridWaits.balanced(grid, members, SETTLE_TIMEOUT);

        Rounds.Round affine = round -> round(grid, map, round == 0 ? Math.max(1, tasks / 5) : tasks, entries, nanos, seed + round,
                true);
        Rounds.Round anywhere = round -> round(grid, map, round == 0 ? Math.max(1, tasks / 5) : tasks, entries, nanos,
                seed + round, false);
        Rounds.Results r = Rounds.alternate(run.warmups(), run.rounds(), "affinity", affine, "no-affinity", anywhere, run::log);

        Report report = run.report();
        report.sides("tasks with an affinity to their key (SubmitOptions.affinity(map, key))",
                "the same tasks without affinity (least-loaded placement)");
        report.compare("tasks run on their key's owner", "fraction", r.a("owner_fraction"), "owner_fraction",
                r.b("owner_fraction"), "baseline_owner_fraction", "owner_fraction_ratio");
        report.compare("bytes read remotely per task", "bytes", r.a("remote_bytes_per_task"), "remote_bytes_per_task",
                r.b("remote_bytes_per_task"), "baseline_remote_bytes_per_task", null);
        report.compare("job time", "s", r.a("job_s"), "job_s", r.b("job_s"), "baseline_job_s", "job_s_ratio");
        double fraction = report.metricValue("owner_fraction");
        boolean holds = fraction >= 0.999;
        report.metric("goal_owner_fraction_at_least_0_999", holds ? 1 : 0);
        report.note(String.format(Locale.ROOT, "goal owner_fraction >= 0.999: %s (%s)", holds ? "holds" : "DOES NOT HOLD",
                Report.num(fraction)));
    }

    private static void fill(BenchRun run, GridMap<Integer, byte[]> map, int entries, int valueBytes, long seed) {
        run.log("filling map " + MAP + " with " + entries + " values of " + valueBytes + " bytes");
        Random random = new Random(seed);
        MapFill.fill(map, entries, k -> {
            byte[] v = new byte[valueBytes];
            random.nextBytes(v);
            return v;
        });
    }

    private static Map<String, Double> round(Grid grid, GridMap<Integer, byte[]> map, int tasks, int entries, long nanos, long seed,
                                             boolean affine) {
        Random random = new Random(seed);
        int[] keys = new int[tasks];
        for (int i = 0; i < tasks; i++) {
            keys[i] = random.nextInt(entries);
        }
        SubmitOptions none = SubmitOptions.defaults();
        Jobs.Job<Ran> job = Jobs.submit(grid, tasks, i -> Submission.of(new ReadAndSpin(MAP, keys[i], nanos),
                affine ? SubmitOptions.affinity(MAP, keys[i]) : none));
        double seconds = job.seconds(RESULT_TIMEOUT);
        List<Ran> results = job.results(RESULT_TIMEOUT);
        String[] owners = owners(grid);
        long onOwner = 0;
        long remoteBytes = 0;
        for (int i = 0; i < tasks; i++) {
            Ran ran = results.get(i);
            if (ran.member().equals(owners[map.partitionOf(keys[i])])) {
                onOwner++;
            } else {
                remoteBytes += ran.bytesRead();
            }
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("owner_fraction", onOwner / (double) tasks);
        r.put("remote_bytes_per_task", remoteBytes / (double) tasks);
        r.put("job_s", seconds);
        return r;
    }

    /** Partition id to the name of its owner, from the client's partition table. */
    static String[] owners(Grid grid) {
        String[] owners = new String[grid.cluster().partitionCount()];
        for (int p = 0; p < owners.length; p++) {
            var owner = grid.cluster().ownerOf(p);
            owners[p] = owner == null ? "" : owner.name();
        }
        return owners;
    }
}
