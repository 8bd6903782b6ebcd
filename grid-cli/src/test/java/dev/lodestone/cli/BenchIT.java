package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/grid bench} end to end, the way a user runs it: each scenario's {@code --quick} run starts its own members
 * with {@code bin/start-member}, measures, writes {@code --json} and stops them. Checks the contract of BENCH.md (the
 * JSON's shape and the scenario's required metrics) and that no member JVM is left behind; never the figures, which
 * mean nothing in a quick run.
 *
 * <p>The bench puts its members' directories under {@code LODESTONE_RUN_DIR} (here the temporary directory), so
 * every member JVM's command line names that directory: {@link Scripts#close()} kills whatever still carries it.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class BenchIT {

    private static final Duration BENCH_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern MEMBER_PID = Pattern.compile("(bench-\\d+) \\(pid (\\d+)\\)");

    @TempDir
    Path dir;

    @Test
    void fairnessQuickWritesTheMetricsOfBenchMdAndStopsTheMembersItStarted() throws Exception {
        quickRun("fairness", "small_client_s_idle", "small_client_s_loaded", "small_client_loaded_over_idle");
    }

    @Test
    void throughputQuickMeasuresLodestoneAndRawSubmitToKeyOwnerAndStopsTheMembers() throws Exception {
        String output = quickRun("throughput", "lodestone_tps_w1", "lodestone_tps_w64", "lodestone_tps_w1024", "baseline_tps_w1",
                "baseline_tps_w64", "baseline_tps_w1024", "ratio_w1", "ratio_w64", "ratio_w1024", "lodestone_tps_batch", "ratio_batch",
                "lodestone_cpu_us_per_task_w64", "baseline_cpu_us_per_task_w64", "lodestone_switches_per_task_w64",
                "baseline_switches_per_task_w64");
        assertThat(output).as("the Hazelcast settings are stated").contains("hazelcast=operation.thread.count=");
    }

    @Test
    void recommendQuickRunsTheJobOnMembersAndLocallyAndStopsTheMembers() throws Exception {
        quickRun("recommend", "ratings", "grid_s", "local_s", "grid_over_local", "grid_peak_heap_mb", "local_peak_heap_mb",
                "grid_neighbours_s", "local_neighbours_s");
    }

    @Test
    void latencyQuickMeasuresRoundTripsAndOpenLoopPercentilesAndStopsTheMembers() throws Exception {
        quickRun("latency", "rtt_p50_us", "baseline_rtt_p50_us", "rtt_p50_ratio", "eok_rtt_p50_us", "rtt_over_eok", "p50_us_at_50pct",
                "p99_us_at_50pct", "p999_us_at_50pct", "p99_us_at_25pct", "p99_us_at_75pct", "baseline_p99_us_at_50pct");
    }

    @Test
    void scaleQuickMeasuresJobsAndTheHeapOfQueuedTasksAndStopsTheMembers() throws Exception {
        quickRun("scale", "tps_10k", "tps_100k", "tps_1m", "cpu_us_per_task_10k", "cpu_us_per_task_1m", "heap_bytes_per_queued_task",
                "heap_bytes_per_queued_task_beyond_payload");
    }

    /**
     * Runs {@code bin/grid bench <scenario> --quick --rounds 1 --json ...} and checks the contract; returns its output.
     */
    private String quickRun(String scenario, String... metricsRequired) throws Exception {
        try (Scripts scripts = new Scripts(dir, dir.toString())) {
            Path json = dir.resolve(scenario + ".json");
            Scripts.Result r = scripts.run(BENCH_TIMEOUT, "grid", "bench", scenario, "--quick", "--rounds", "1", "--json",
                    json.toString());
            assertThat(r.exitCode()).as(r.describe()).isZero();

            JsonObject root = Json.parse(Files.readString(json, StandardCharsets.UTF_8)).asObject();
            assertThat(root.names()).containsExactly("scenario", "params", "machine", "metrics");
            assertThat(root.get("scenario").asString()).isEqualTo(scenario);
            assertThat(root.get("params").asObject().get("quick").asBoolean()).isTrue();
            assertThat(root.get("machine").asObject().get("cores").asInt()).isPositive();
            JsonObject metrics = root.get("metrics").asObject();
            assertThat(metrics.names()).contains(metricsRequired);
            for (JsonObject.Member m : metrics) {
                assertThat(m.getValue().isNumber() || m.getValue().isNull()).as("metric %s is a number: %s", m.getName(),
                        m.getValue()).isTrue();
            }

            assertThat(r.output()).as(r.describe()).contains("bench " + scenario + ":").contains("machine:").contains("parameters:")
                    .contains("lodestone").contains("baseline").contains("ratio");

            Set<Long> pids = new LinkedHashSet<>(); // a scenario may name a member's pid again in its progress lines
            Matcher m = MEMBER_PID.matcher(r.output());
            while (m.find()) {
                pids.add(Long.parseLong(m.group(2)));
            }
            assertThat(pids).as("the member pids the bench reported; " + r.describe()).hasSize(2);
            for (long pid : pids) {
                assertThat(Scripts.isAlive(pid)).as("member JVM %d is still running after the bench", pid).isFalse();
            }
            assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("MemberMain")
                    && c.contains(dir.toString())).orElse(false))).as("member JVMs of this test still running").isEmpty();
            try (Stream<Path> left = Files.list(scripts.runDir())) {
                assertThat(left).as("the bench removes its members' directories after a run that went well").isEmpty();
            }
            return r.output();
        }
    }
}
