package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line, up to the point where members would start: usage, help and refusals, with their exit codes. */
class BenchMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAScenarioItPrintsTheScenariosAndExits2() {
        assertThat(run()).isEqualTo(2);
        assertThat(out()).contains("usage: grid bench <scenario>").contains("--json FILE").contains("--quick");
        for (Scenario s : BenchMain.SCENARIOS) {
            assertThat(out()).contains("  " + s.name() + " ");
        }
    }

    @Test
    void helpExits0() {
        assertThat(run("help")).isZero();
        assertThat(out()).contains("usage: grid bench");
    }

    @Test
    void aScenariosHelpListsItsOptionsAndMetrics() {
        assertThat(run("fairness", "--help")).isZero();
        assertThat(out()).contains("--big N").contains("default 100000, --quick 1000").contains("small_client_loaded_over_idle")
                .contains("--rounds N");
    }

    @Test
    void anUnknownScenarioIsNamedWithTheKnownOnes() {
        assertThat(run("throughputt")).isEqualTo(2);
        assertThat(err()).contains("unknown scenario 'throughputt'; scenarios: ");
        for (Scenario s : BenchMain.SCENARIOS) {
            assertThat(err()).contains(s.name());
        }
    }

    @Test
    void withoutLodestoneHomeItSaysToUseBinGrid() {
        assertThat(System.getProperty("lodestone.home")).isNull();
        assertThat(run("fairness", "--quick")).isEqualTo(2);
        assertThat(err()).contains("lodestone.home is not set: run the benchmarks with bin/grid bench");
    }

    @Test
    void aBadOptionExits2NamingTheOptionBeforeAnythingStarts() {
        assertThat(run("fairness", "--big", "-5")).isEqualTo(2);
        assertThat(err()).isEqualTo("grid bench fairness: option --big: -5 is outside 1..50000000" + System.lineSeparator());
    }

    @Test
    void aJsonFileInADirectoryThatDoesNotExistIsRefusedBeforeTheRun() {
        assertThat(run("fairness", "--json", "/nonexistent-dir/out.json")).isEqualTo(2);
        assertThat(err()).isEqualTo("grid bench fairness: option --json: directory /nonexistent-dir does not exist"
                + System.lineSeparator());
    }

    @Test
    void everyScenarioOfBenchMdIsThereWithItsRequiredMetrics() {
        // BENCH.md's table, for the scenarios of issue 3
        assertThat(BenchMain.scenario("priority").requiredMetrics())
                .containsAll(List.of("low_task_ms", "high_p99_ms_idle", "high_p99_ms_loaded", "high_p99_loaded_over_idle"));
        assertThat(BenchMain.scenario("locality").requiredMetrics()).containsAll(List.of("owner_fraction", "remote_bytes_per_task"));
        assertThat(BenchMain.scenario("skew").requiredMetrics())
                .containsAll(List.of("uniform_job_s", "skew_job_s_stealing", "skew_job_s_no_stealing", "skew_over_uniform"));
        assertThat(BenchMain.scenario("fairness").requiredMetrics())
                .containsAll(List.of("small_client_s_idle", "small_client_s_loaded", "small_client_loaded_over_idle"));
    }
}
