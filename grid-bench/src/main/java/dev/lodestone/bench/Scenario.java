package dev.lodestone.bench;

import java.util.List;

/**
 * One benchmark of {@code bin/grid bench <scenario>}. A scenario declares its options and the metrics BENCH.md
 * requires of it, and fills the run's {@link Report}; the framework parses options, starts and stops members
 * ({@link BenchRun#cluster}), prints the table and writes the JSON.
 *
 * <p>Adding one: a class implementing this, listed in {@link BenchMain#SCENARIOS}.
 *
 * <pre>{@code
 * final class EchoScenario implements Scenario {
 *     public String name() { return "echo"; }
 *     public String summary() { return "round trip of an empty task"; }
 *     public List<Option> options() { return List.of(Option.integer("tasks", 10_000, 100, 1, 1_000_000, "tasks per round")); }
 *     public List<String> requiredMetrics() { return List.of("echo_us"); }
 *     public void run(BenchRun run) throws Exception { ... run.report().compare(...); }
 * }
 * }</pre>
 */
interface Scenario {

    /** The name on the command line. */
    String name();

    /** One line: what it measures against what. */
    String summary();

    /** Its own options (the common ones, such as {@code --rounds}, are added by the framework). */
    List<Option> options();

    /**
     * Warm-up rounds of each side when {@code --warmup} does not say: 1, unless the scenario's JVMs need longer to reach
     * their steady state (their JIT compilers still busy in the first measured rounds).
     */
    default int warmupRounds() {
        return 1;
    }

    /** The metric names BENCH.md requires in its {@code --json}; the run fails if one is missing. */
    List<String> requiredMetrics();

    /** Runs the benchmark and fills {@code run.report()}. */
    void run(BenchRun run) throws Exception;
}
