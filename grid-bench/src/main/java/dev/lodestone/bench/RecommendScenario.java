package dev.lodestone.bench;

import dev.lodestone.api.Grid;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.bench.tasks.HeapPeak;
import dev.lodestone.samples.recommend.GridRecommender;
import dev.lodestone.samples.recommend.LocalRecommender;
import dev.lodestone.samples.recommend.Params;
import dev.lodestone.samples.recommend.Progress;
import dev.lodestone.samples.recommend.RatingsData;
import dev.lodestone.samples.recommend.RatingsFormat;
import dev.lodestone.samples.recommend.RatingsGenerator;
import dev.lodestone.samples.recommend.RatingsReader;
import dev.lodestone.samples.recommend.RecommendResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code recommend}: the recommendation job on member processes against the same job in one JVM ({@code --local},
 * as many threads as cores), on a generated ratings file. Each side's wall time runs from reading the file to every
 * user's recommendations in the client's memory (writing the CSVs is the same for both and left out). Peak heap: the
 * grid's is the members' peaks summed plus the client's; the local one's is the bench JVM's, both measured from a
 * reset of the JVMs' heap-pool peaks just before the run.
 */
final class RecommendScenario implements Scenario {

    private static final double MB = 1024.0 * 1024.0;

    @Override
    public String name() {
        return "recommend";
    }

    @Override
    public String summary() {
        return "item-based collaborative filtering of generated ratings on member processes, against one JVM (--local)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("members", 2, 2, 1, 64, "member processes"),
                Option.integer("ratings", 1_000_209, 20_000, 1_000, 2_000_000_000, "ratings to generate"),
                Option.integer("users", 6_040, 300, 1, 100_000_000, "users in the generated file"),
                Option.integer("items", 3_706, 500, 1, 100_000_000, "items in the generated file"),
                Option.integer("threads", Runtime.getRuntime().availableProcessors(), 2, 1, 1_024, "threads of the local job"));
    }

    @Override
    public List<String> requiredMetrics() {
        return List.of("ratings", "grid_s", "local_s", "grid_over_local", "grid_peak_heap_mb", "local_peak_heap_mb");
    }

    @Override
    public void run(BenchRun run) throws Exception {
        dev.lodestone.bench.Params p = run.params();
        int members = p.integer("members");
        long ratings = p.integer("ratings");
        int threads = p.integer("threads");
        Path dir = Files.createTempDirectory("lodestone-bench-recommend-");
        Path file = dir.resolve("ratings.dat");
        try {
            long g0 = System.nanoTime();
            RatingsGenerator.write(file, p.integer("users"), p.integer("items"), ratings, 42, RatingsFormat.DOUBLE_COLON);
            run.log(String.format(Locale.ROOT, "generated %,d ratings in %d ms: %s (%,d bytes)", ratings,
                    (System.nanoTime() - g0) / 1_000_000, file, Files.size(file)));
            LocalCluster cluster = run.cluster("rec", members, run.memberSettings(Map.of()));
            Grid grid = run.connect(cluster);
            Params params = Params.defaults();

            Rounds.Round onGrid = round -> {
                long clientBase = HeapPeak.peak(true);
                peaks(grid, true);
                long t0 = System.nanoTime();
                RatingsData data = RatingsReader.read(file, false);
                long read = System.nanoTime() - t0;
                RecommendResult r = new GridRecommender(grid).run(data, params, Progress.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Double> out = figures(seconds, read, r);
                out.put("peak_heap_mb", (peaks(grid, false) + HeapPeak.peak(false)) / MB);
                out.put("client_base_mb", clientBase / MB);
                return out;
            };
            Rounds.Round local = round -> {
                HeapPeak.peak(true);
                long t0 = System.nanoTime();
                RatingsData data = RatingsReader.read(file, false);
                long read = System.nanoTime() - t0;
                RecommendResult r = LocalRecommender.run(data, params, threads);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Double> out = figures(seconds, read, r);
                out.put("peak_heap_mb", HeapPeak.peak(false) / MB);
                return out;
            };
            Rounds.Results r = Rounds.alternate(run.warmups(), run.rounds(), "grid", onGrid, "local", local, run::log);

            Report report = run.report();
            report.param("ratings", ratings);
            report.param("users", p.integer("users"));
            report.param("items", p.integer("items"));
            report.param("k_n_min_common", params.k() + "/" + params.n() + "/" + params.minCommon());
            report.metric("ratings", ratings);
            report.sides(members + " member processes (one client: reads the file, loads, collects)",
                    "one JVM, " + threads + " threads (--local)");
            report.compare("wall: read file to every user's recommendations", "s", r.a("wall_s"), "grid_s", r.b("wall_s"), "local_s",
                    "grid_over_local");
            report.compare("read and parse the file", "s", r.a("read_s"), "grid_read_s", r.b("read_s"), "local_read_s", "read_ratio");
            report.figure("grid: load into the users map", "s", r.a("load_s"), "grid_load_s");
            report.compare("neighbours", "s", r.a("neighbours_s"), "grid_neighbours_s", r.b("neighbours_s"), "local_neighbours_s",
                    "neighbours_ratio");
            report.compare("recommend", "s", r.a("recommend_s"), "grid_recommend_s", r.b("recommend_s"), "local_recommend_s",
                    "recommend_ratio");
            report.compare("peak heap (grid: members + client)", "MB", r.a("peak_heap_mb"), "grid_peak_heap_mb", r.b("peak_heap_mb"),
                    "local_peak_heap_mb", "peak_heap_ratio");
            report.goal("grid_over_local", false, 1.5);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Map<String, Double> figures(double seconds, long readNanos, RecommendResult r) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("wall_s", seconds);
        out.put("read_s", readNanos / 1e9);
        r.phaseMillis().forEach((phase, ms) -> out.put(phase + "_s", ms / 1e3));
        return out;
    }

    /** The members' heap peaks summed, in bytes; resets them when {@code reset}. */
    private static long peaks(Grid grid, boolean reset) {
        long sum = 0;
        for (TaskHandle<Long> h : grid.broadcast(new HeapPeak(reset), SubmitOptions.defaults())) {
            sum += h.result().join();
        }
        return sum;
    }
}
