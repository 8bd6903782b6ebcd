package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/grid bench} end to end, the way a user runs it: the cheapest scenario ({@code fairness --quick}) starts
 * its own members with {@code bin/start-member}, measures, writes {@code --json} and stops them. Checks the contract of
 * BENCH.md (the JSON's shape and the scenario's required metrics) and that no member JVM is left behind; never the
 * figures, which mean nothing in a quick run.
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
        try (Scripts scripts = new Scripts(dir, dir.toString())) {
            Path json = dir.resolve("fairness.json");
            Scripts.Result r = scripts.run(BENCH_TIMEOUT, "grid", "bench", "fairness", "--quick", "--rounds", "1", "--json",
                    json.toString());
            assertThat(r.exitCode()).as(r.describe()).isZero();

            JsonObject root = Json.parse(Files.readString(json, StandardCharsets.UTF_8)).asObject();
            assertThat(root.names()).containsExactly("scenario", "params", "machine", "metrics");
            assertThat(root.get("scenario").asString()).isEqualTo("fairness");
            assertThat(root.get("params").asObject().get("quick").asBoolean()).isTrue();
            assertThat(root.get("machine").asObject().get("cores").asInt()).isPositive();
            JsonObject metrics = root.get("metrics").asObject();
            assertThat(metrics.names()).contains("small_client_s_idle", "small_client_s_loaded", "small_client_loaded_over_idle");
            for (JsonObject.Member m : metrics) {
                assertThat(m.getValue().isNumber() || m.getValue().isNull()).as("metric %s is a number: %s", m.getName(),
                        m.getValue()).isTrue();
            }

            assertThat(r.output()).as(r.describe()).contains("bench fairness:").contains("machine:").contains("parameters:")
                    .contains("lodestone").contains("baseline").contains("ratio");

            List<Long> pids = new ArrayList<>();
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
        }
    }
}
