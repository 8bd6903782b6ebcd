package dev.lodestone.cli;

import dev.lodestone.api.Grid;
import dev.lodestone.runtime.Flags;
import dev.lodestone.samples.recommend.Evaluation;
import dev.lodestone.samples.recommend.GridRecommender;
import dev.lodestone.samples.recommend.LocalRecommender;
import dev.lodestone.samples.recommend.Params;
import dev.lodestone.samples.recommend.RatingsData;
import dev.lodestone.samples.recommend.RatingsFileException;
import dev.lodestone.samples.recommend.RatingsReader;
import dev.lodestone.samples.recommend.RecommendOutput;
import dev.lodestone.samples.recommend.RecommendResult;
import dev.lodestone.samples.recommend.Recommendations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code grid recommend}: item-based collaborative filtering of a ratings file, on the grid (embedded, or
 * {@code --cluster}) or {@code --local} in this JVM; writes {@code neighbours.csv} and {@code recommendations.csv}
 * and prints a summary. Exit code 0 when done, 1 when the input or the grid failed, 2 for bad usage.
 */
final class RecommendCommand {

    private static final int SAMPLE_USERS = 3;

    private final PrintStream out;
    private final PrintStream err;

    RecommendCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args, Map<String, String> env) {
        Flags flags = Flags.parse(args, Set.of("ratings", "test", "out", "k", "n", "min-common", "cluster", "cluster-name", "threads"),
                Set.of("local", "skip-bad-lines", "overwrite"), null);
        String ratingsFile = flags.get("ratings");
        String outDir = flags.get("out");
        if (ratingsFile == null || outDir == null) {
            throw new Flags.UsageException("give --ratings FILE and --out DIR: grid recommend --ratings FILE [--test FILE] --out DIR"
                    + " [--k 20] [--n 10] [--min-common 3] [--cluster H:P,...] [--local] [--skip-bad-lines] [--overwrite]");
        }
        if (flags.has("local") && flags.get("cluster") != null) {
            throw new Flags.UsageException("--local runs in this JVM; it takes no --cluster");
        }
        Params params;
        try {
            Params d = Params.defaults();
            params = new Params(intOr(flags, "k", d.k()), intOr(flags, "n", d.n()), intOr(flags, "min-common", d.minCommon()));
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageException(e.getMessage());
        }
        Path outPath = Path.of(outDir);
        boolean overwrite = flags.has("overwrite");
        try {
            Path parent = outPath.toAbsolutePath().getParent();
            if (parent != null && !Files.exists(parent)) {
                Files.createDirectories(parent);
            }
            RecommendOutput.checkWritable(outPath, overwrite);
        } catch (IllegalArgumentException e) {
            throw new Flags.UsageException(e.getMessage());
        } catch (IOException e) {
            throw new Flags.UsageException("--out " + outDir + ": cannot create its parent directory: " + e.getMessage());
        }
        boolean skip = flags.has("skip-bad-lines");
        try {
            long t0 = System.nanoTime();
            RatingsData data = RatingsReader.read(Path.of(ratingsFile), skip);
            RatingsData test = flags.get("test") == null ? null : RatingsReader.read(Path.of(flags.get("test")), skip);
            long readMillis = (System.nanoTime() - t0) / 1_000_000;
            out.printf(Locale.ROOT, "%s: %,d ratings (%,d lines, %,d repeated pairs replaced by their later line, %,d bad lines"
                    + " skipped) by %,d users of %,d items; read in %d ms%n", ratingsFile, data.ratings(), data.lines(),
                    data.duplicates(), data.badLines(), data.userIds().length, data.itemIds().length, readMillis);
            data.firstBadLines().forEach(l -> out.println("  skipped " + l));
            out.printf("K = %d neighbours, N = %d recommendations, minCommon = %d%n", params.k(), params.n(), params.minCommon());
            RecommendResult r;
            if (flags.has("local")) {
                int threads = intOr(flags, "threads", Runtime.getRuntime().availableProcessors());
                PhaseBar bar = new PhaseBar(err, System.console() != null);
                r = LocalRecommender.run(data, params, threads, bar);
                bar.end();
            } else {
                long c0 = System.nanoTime();
                try (Grid grid = GridMain.open(flags, true)) {
                    out.printf("cluster '%s': %d members, %d partitions (ready in %d ms)%n", grid.cluster().name(),
                            grid.cluster().members().size(), grid.cluster().partitionCount(), (System.nanoTime() - c0) / 1_000_000);
                    PhaseBar bar = new PhaseBar(err, System.console() != null);
                    r = new GridRecommender(grid).run(data, params, bar);
                    bar.end();
                }
            }
            long w0 = System.nanoTime();
            RecommendOutput.write(outPath, overwrite, r);
            long writeMillis = (System.nanoTime() - w0) / 1_000_000;
            out.printf(Locale.ROOT, "ran %s: %s; write %d ms%n", r.where(), r.phases(), writeMillis);
            out.printf(Locale.ROOT, "%,d neighbour pairs, %,d recommendations for %,d users; written to %s/{%s,%s}%n",
                    r.neighbourPairs(), r.recommendationCount(), data.userIds().length, outPath, RecommendOutput.NEIGHBOURS,
                    RecommendOutput.RECOMMENDATIONS);
            if (test != null) {
                Evaluation e = Evaluation.of(test, r, params.n());
                out.printf(Locale.ROOT, "evaluated on %s: %,d users, %,d test ratings, %,d hits: precision@%d %.4f, recall@%d %.4f%n",
                        flags.get("test"), e.users(), e.testRatings(), e.hits(), params.n(), e.precision(), params.n(), e.recall());
            }
            printSample(r);
            return 0;
        } catch (RatingsFileException e) {
            err.println("grid recommend: " + e.getMessage());
            return 1;
        }
    }

    private void printSample(RecommendResult r) {
        int shown = 0;
        for (Recommendations rec : r.recommendations()) {
            if (rec == null || rec.items().length == 0) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < Math.min(5, rec.items().length); k++) {
                b.append(k == 0 ? "" : ", ").append(r.data().itemIds()[rec.items()[k]])
                        .append(String.format(Locale.ROOT, " (%.3f)", rec.scores()[k]));
            }
            out.println("user " + r.data().userIds()[rec.user()] + ": " + b + (rec.items().length > 5 ? ", ..." : ""));
            if (++shown == SAMPLE_USERS) {
                break;
            }
        }
    }

    private static int intOr(Flags flags, String flag, int fallback) {
        Integer v = flags.intValue(flag, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return v == null ? fallback : v;
    }
}
