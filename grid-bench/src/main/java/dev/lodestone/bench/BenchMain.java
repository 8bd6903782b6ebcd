package dev.lodestone.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bin/grid bench <scenario> [--json FILE] [--quick] [options]}: runs one benchmark scenario against member
 * processes it starts itself, prints the table of {@code ../shared/BENCH.md} and, with {@code --json}, writes its
 * metrics. Exit codes: 0 done, 1 the benchmark failed, 2 bad command line.
 *
 * <pre>{@code
 * bin/grid bench priority --quick --json /tmp/priority.json
 * }</pre>
 *
 * <p>Failure handling: every member JVM the run started is stopped at the end, when the run fails, and on Ctrl-C
 * (a shutdown hook); the members' directories are removed after a run that went well and kept, with their logs,
 * after one that failed.
 */
public final class BenchMain {

    /** Every scenario, in the order of the usage text. */
    static final List<Scenario> SCENARIOS = List.of(new ThroughputScenario(), new LatencyScenario(), new ScaleScenario(),
            new PriorityScenario(), new LocalityScenario(), new SkewScenario(), new FairnessScenario(),
            new FailoverScenario(), new EventsScenario(), new RecommendScenario());

    static final String JSON = "json";
    static final String ROUNDS = "rounds";
    static final String WARMUP = "warmup";
    static final String WORKERS = "workers";
    static final String MEMBER_HEAP = "member-heap";
    static final String KEEP_FILES = "keep-files";

    /** Options every scenario takes. */
    static final List<Option> COMMON = List.of(
            Option.file(JSON, "also write the figures to this file as one JSON object"),
            Option.flag(Params.QUICK, "tiny counts, runs in seconds: for smoke tests, the figures mean nothing"),
            Option.integer(ROUNDS, 3, 2, 1, 1_000, "measured rounds of each side, after the warm-up rounds"),
            Option.optionalInteger(WARMUP, 1, 1_000, "warm-up rounds of each side, not counted (default: the scenario's, below;"
                    + " 1 with --quick)"),
            Option.optionalInteger(WORKERS, 1, 4_096, "worker.threads of each member (default: cores / members, at least 1)"),
            Option.size(MEMBER_HEAP, "maximum heap of each member, e.g. 2g (default: conf/jvm.options)"),
            Option.flag(KEEP_FILES, "keep the members' configuration copies and logs after a run that went well"));

    private BenchMain() {
    }

    /** Entry point, for running the tool without {@code bin/grid}; {@code lodestone.home} must be set. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs {@code bench <args>}: {@code args[0]} is the scenario.
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        Optional<Scenario> found = SCENARIOS.stream().filter(s -> s.name().equals(args[0])).findFirst();
        if (found.isEmpty()) {
            err.println("grid bench: unknown scenario '" + args[0] + "'; scenarios: " + names());
            return 2;
        }
        Scenario scenario = found.get();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help")) {
            out.println(usage(scenario));
            return 0;
        }
        Params params;
        Path home;
        Path json;
        try {
            params = Params.parse(scenario.name(), options(scenario), rest);
            json = params.text(JSON) == null ? null : checkWritable(Paths.get(params.text(JSON)));
            home = home();
        } catch (UsageException e) {
            err.println("grid bench " + scenario.name() + ": " + e.getMessage());
            return 2;
        }
        return execute(scenario, params, home, json, out, err);
    }

    private static int execute(Scenario scenario, Params params, Path home, Path json, PrintStream out, PrintStream err) {
        Path conf = Optional.ofNullable(System.getenv("LODESTONE_CONFIG")).filter(s -> !s.isBlank()).map(Paths::get)
                .orElse(home.resolve("conf"));
        Path runBase = Optional.ofNullable(System.getenv("LODESTONE_RUN_DIR")).filter(s -> !s.isBlank()).map(Paths::get)
                .orElse(home.resolve("run"));
        BenchRun run = new BenchRun(scenario, params, home, conf, runBase, err);
        Thread hook = new Thread(() -> {
            run.log("interrupted: stopping the members");
            run.close();
        }, "lodestone-bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean ok = false;
        try {
            run.log("scenario " + scenario.name() + ": " + scenario.summary());
            StolenCpu stolen = StolenCpu.start();
            scenario.run(run);
            run.report().stolenCpu(stolen.fraction());
            List<String> missing = new ArrayList<>(scenario.requiredMetrics());
            missing.removeAll(run.report().metricNames());
            if (!missing.isEmpty()) {
                throw new IllegalStateException("scenario " + scenario.name() + " did not report " + missing);
            }
            ok = true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (run.closing() || e instanceof InterruptedException) {
                // the shutdown hook closed the clients under the scenario's feet: say so, not how it broke
                err.println("grid bench " + scenario.name() + ": interrupted");
            } else if (e instanceof BenchException) {
                err.println("grid bench " + scenario.name() + ": " + e.getMessage());
            } else {
                err.println("grid bench " + scenario.name() + " failed: " + e);
                e.printStackTrace(err);
            }
        } finally {
            run.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (and finds everything closed)
            }
        }
        if (!run.allMembersStopped()) {
            err.println("grid bench " + scenario.name() + ": some member JVMs did not stop; see " + run.clusterDirs());
            ok = false;
        }
        if (!ok) {
            if (!run.clusterDirs().isEmpty()) {
                err.println("grid bench " + scenario.name() + ": the members' logs are kept in " + run.clusterDirs());
            }
            return 1;
        }
        if (!params.flag(KEEP_FILES)) {
            run.deleteFiles();
        }
        run.report().printTable(out);
        out.flush();
        if (json != null) {
            try {
                writeAtomically(json, run.report().toJson());
            } catch (IOException e) {
                err.println("grid bench " + scenario.name() + ": cannot write " + json + ": " + e);
                return 1;
            }
            run.log("wrote " + json);
        }
        return 0;
    }

    static List<Option> options(Scenario s) {
        List<Option> all = new ArrayList<>(COMMON);
        all.addAll(s.options());
        return all;
    }

    private static Path home() {
        String home = System.getProperty("lodestone.home");
        if (home == null || home.isBlank()) {
            throw new UsageException("system property lodestone.home is not set: run the benchmarks with bin/grid bench");
        }
        Path p = Paths.get(home);
        if (!Files.isRegularFile(p.resolve("bin").resolve("start-member"))) {
            throw new UsageException("lodestone.home=" + home + " has no bin/start-member");
        }
        return p;
    }

    /** Fails now, not after a long run, when the JSON file cannot be written. */
    private static Path checkWritable(Path json) {
        Path dir = json.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("option --json: directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir) || (Files.exists(json) && !Files.isWritable(json))) {
            throw new UsageException("option --json: " + json + " is not writable");
        }
        if (Files.isDirectory(json)) {
            throw new UsageException("option --json: " + json + " is a directory");
        }
        return json;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String names() {
        return String.join(", ", SCENARIOS.stream().map(Scenario::name).toList());
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: grid bench <scenario> [--json FILE] [--quick] [--rounds N] [options]").append(System.lineSeparator());
        sb.append("Starts its own members (bin/start-member) on loopback, measures Lodestone and a baseline in the same run,")
                .append(System.lineSeparator()).append("prints a table and stops the members. Scenarios:").append(System.lineSeparator());
        for (Scenario s : SCENARIOS) {
            sb.append(String.format(Locale.ROOT, "  %-10s %s%n", s.name(), s.summary()));
        }
        sb.append("Options of every scenario:").append(System.lineSeparator());
        for (Option o : COMMON) {
            sb.append(o.usageLine()).append(System.lineSeparator());
        }
        sb.append("Each scenario's own options: grid bench <scenario> --help");
        return sb.toString();
    }

    static String usage(Scenario s) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: grid bench ").append(s.name()).append(" [options]").append(System.lineSeparator());
        sb.append(s.summary()).append(System.lineSeparator());
        sb.append("metrics in --json: ").append(String.join(", ", s.requiredMetrics())).append(" (and more)")
                .append(System.lineSeparator());
        for (Option o : options(s)) {
            sb.append(o.usageLine()).append(System.lineSeparator());
        }
        sb.append("warm-up rounds unless --warmup says: ").append(s.warmupRounds()).append(System.lineSeparator());
        return sb.toString().stripTrailing();
    }

    /** For tests: the scenario of that name. */
    static Scenario scenario(String name) {
        return SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + name));
    }
}
