package dev.lodestone.cli;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.GridException;
import dev.lodestone.api.Lodestone;
import dev.lodestone.runtime.Flags;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code bin/grid}: the command-line tool. Each command is a small class; this one only dispatches
 * and turns errors into messages and exit codes (0 ok, 1 failed, 2 bad usage).
 */
public final class GridMain {

    private GridMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs a command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "wordcount" -> new WordCountCommand(out).run(rest, env);
                case "recommend" -> new RecommendCommand(out, err).run(rest, env);
                case "generate-ratings" -> new GenerateRatingsCommand(out).run(rest, env);
                case "status" -> new StatusCommand(out).run(rest, env);
                case "stats" -> new StatsCommand(out).run(rest, env);
                case "job" -> new JobCommand(out, err).run(rest, env);
                case "bench" -> dev.lodestone.bench.BenchMain.run(rest, out, err);
                default -> {
                    err.println("grid: unknown command '" + args[0] + "'");
                    err.println(usage());
                    yield 2;
                }
            };
        } catch (Flags.UsageException e) {
            err.println("grid " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (GridException e) {
            err.println("grid " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    /**
     * Connects to {@code --cluster} (with {@code --cluster-name}), or starts the embedded default
     * when {@code embeddedWhenAbsent} and no cluster is named.
     */
    static Grid open(Flags flags, boolean embeddedWhenAbsent) {
        String cluster = flags.get("cluster");
        if (cluster == null && embeddedWhenAbsent) {
            return Lodestone.embedded();
        }
        ConnectOptions o = ConnectOptions.parse(cluster == null ? "127.0.0.1:5701" : cluster);
        if (flags.get("cluster-name") != null) {
            o = o.withClusterName(flags.get("cluster-name"));
        }
        return Lodestone.connect(o);
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: grid <command> [flags]",
                "commands:",
                "  wordcount [--input FILE] [--cluster H:P,...] [--cluster-name NAME] [--top N] [--lines N]",
                "      count words on the grid (map tasks affine to the partitions holding the lines);",
                "      without --input a text of --lines lines (default 20000) is generated; without --cluster an",
                "      embedded cluster of 2 members is started",
                "  recommend --ratings FILE [--test FILE] --out DIR [--k 20] [--n 10] [--min-common 3] [--cluster H:P,...]",
                "            [--cluster-name NAME] [--local] [--threads N] [--skip-bad-lines] [--overwrite]",
                "      item-based collaborative filtering: item neighbours (cosine) and top-N recommendations per user,",
                "      written to DIR/neighbours.csv and DIR/recommendations.csv; precision/recall@N against --test;",
                "      on the embedded cluster, on --cluster, or --local in this JVM (the baseline and cross-check)",
                "  generate-ratings --users U --items I --ratings R --out FILE [--seed S] [--format tab|colons|csv]",
                "      a synthetic ratings file (skewed popularity and activity, latent tastes); format by extension",
                "  status [--cluster H:P,...] [--cluster-name NAME]",
                "      list members: name, address, partitions owned, tasks queued/running/done",
                "      (default cluster 127.0.0.1:5701, cluster name lodestone)",
                "  stats [--cluster H:P,...] [--cluster-name NAME] [--json]",
                "      task metrics per member and for the cluster, per priority: counters (submitted, started,",
                "      succeeded, failed, cancelled, timed out, rejected, stolen, ran on owner/backup/elsewhere) and",
                "      p50/p90/p99/p99.9/max of queue wait and run time in microseconds; --json: one JSON object",
                "  job <id> [--cluster H:P,...] [--cluster-name NAME] [--wait] [--limit N] [--json]",
                "      a durable job: state, counts, failures (last error, attempts), lost tasks, and its first N",
                "      results (default 20, 0 for all); --wait: until every task has an outcome, showing progress (a bar",
                "      on a terminal, a line a second otherwise, on stderr); exit 0 if it succeeded",
                "  bench <scenario> [--json FILE] [--quick] [options]",
                "      benchmarks against members it starts itself (priority, locality, skew, fairness): grid bench help");
    }
}
