package dev.lodestone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonObject;
import com.hazelcast.internal.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's two outputs: the {@code --json} object, read back with an independent JSON parser (Hazelcast's),
 * and the table.
 */
class ReportTest {

    private static final Machine MACHINE = new Machine(2, 8L << 30, "Linux 6.1 amd64", "17.0.15 (OpenJDK 64-Bit Server VM)",
            1L << 30, 2L << 30, "thread-cpu");

    private static Report priorityReport() {
        Report r = new Report("priority", "HIGH behind LOW", MACHINE);
        r.param("members", 2L);
        r.param("rate", 50.0);
        r.param("quick", true);
        r.param("note", "a \"quoted\"\nline\twith\\ and \u0001");
        r.sides("loaded", "idle");
        r.compare("HIGH p99 end-to-end", "ms", new Stats(3.5, 3.0, 4.0, 3), "high_p99_ms_loaded", new Stats(1.75, 1.5, 2.0, 3),
                "high_p99_ms_idle", "high_p99_loaded_over_idle");
        r.figure("LOW task run time", "ms", new Stats(1.02, 1.0, 1.1, 3), "low_task_ms");
        r.metric("goal_met", 1);
        r.metric("unknown", Double.NaN);
        return r;
    }

    @Test
    void theJsonIsOneObjectWithScenarioParamsMachineAndFlatNumericMetrics() {
        JsonObject root = Json.parse(priorityReport().toJson()).asObject();

        assertThat(root.names()).containsExactly("scenario", "params", "machine", "metrics");
        assertThat(root.get("scenario").asString()).isEqualTo("priority");

        JsonObject metrics = root.get("metrics").asObject();
        assertThat(metrics.names()).containsAll(List.of("low_task_ms", "high_p99_ms_idle", "high_p99_ms_loaded",
                "high_p99_loaded_over_idle"));
        for (JsonObject.Member m : metrics) {
            JsonValue v = m.getValue();
            assertThat(v.isNumber() || v.isNull()).as("metric %s is a number (or null when unknown): %s", m.getName(), v).isTrue();
        }
        assertThat(metrics.get("high_p99_ms_loaded").asDouble()).isEqualTo(3.5);
        assertThat(metrics.get("high_p99_ms_loaded_min").asDouble()).isEqualTo(3.0);
        assertThat(metrics.get("high_p99_ms_loaded_max").asDouble()).isEqualTo(4.0);
        assertThat(metrics.get("high_p99_ms_idle").asDouble()).isEqualTo(1.75);
        assertThat(metrics.get("high_p99_loaded_over_idle").asDouble()).isEqualTo(2.0);
        assertThat(metrics.get("low_task_ms").asDouble()).isEqualTo(1.02);
        assertThat(metrics.get("goal_met").asDouble()).isEqualTo(1.0);
        assertThat(metrics.get("unknown").isNull()).as("NaN, which JSON cannot hold, is null").isTrue();

        JsonObject params = root.get("params").asObject();
        assertThat(params.get("members").asInt()).isEqualTo(2);
        assertThat(params.get("rate").asDouble()).isEqualTo(50.0);
        assertThat(params.get("quick").asBoolean()).isTrue();
        assertThat(params.get("note").asString()).isEqualTo("a \"quoted\"\nline\twith\\ and \u0001");

        JsonObject machine = root.get("machine").asObject();
        assertThat(machine.get("cores").asInt()).isEqualTo(2);
        assertThat(machine.get("jdk").asString()).startsWith("17.0.15");
        assertThat(machine.get("bench_max_heap_mb").asInt()).isEqualTo(1024);
        assertThat(machine.get("member_max_heap_mb").asInt()).isEqualTo(2048);
    }

    @Test
    void jsonNumbersArePlainWhenWholeAndFiniteOrNull() {
        assertThat(Json.parse(Json.value(1L).toString()).asLong()).isEqualTo(1L); // the parser itself, for reference
        String text = dev.lodestone.bench.Json.write(Map.of("m", Map.of("a", 3.0, "b", 0.25, "c", 1e-7, "d",
                Double.POSITIVE_INFINITY, "e", 12L)));
        JsonObject m = Json.parse(text).asObject().get("m").asObject();
        assertThat(m.get("a").toString()).isEqualTo("3");
        assertThat(m.get("b").asDouble()).isEqualTo(0.25);
        assertThat(m.get("c").asDouble()).isEqualTo(1e-7);
        assertThat(m.get("d").isNull()).isTrue();
        assertThat(m.get("e").asLong()).isEqualTo(12L);
    }

    @Test
    void aGoalIsPrintedUnderTheTableAndWrittenAsOneOrZero() {
        Report r = priorityReport();
        r.goal("low_task_ms", false, 5);
        r.goal("high_p99_loaded_over_idle", true, 2.5);
        assertThat(r.metricValue("goal_low_task_ms_at_most_5")).isEqualTo(1);
        assertThat(r.metricValue("goal_high_p99_loaded_over_idle_at_least_2_5")).isEqualTo(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("goal low_task_ms <= 5: holds")
                .contains("goal high_p99_loaded_over_idle >= 2.5: DOES NOT HOLD");
    }

    @Test
    void aRowMayCompareWithAFigureAnotherRowReportedAlready() {
        Report r = priorityReport();
        r.compare("low task vs idle HIGH p99", "ms", new Stats(1, 1, 1, 1), null, new Stats(2, 2, 2, 1), null, "low_over_idle");
        assertThat(r.metricValue("low_over_idle")).isEqualTo(0.5);
    }

    @Test
    void aMetricReportedTwiceIsTheScenariosBug() {
        Report r = priorityReport();
        assertThatThrownBy(() -> r.metric("low_task_ms", 2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("low_task_ms");
    }

    @Test
    void theTableShowsMachineParametersAndEachFigureForLodestoneAndBaselineWithTheRatio() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        priorityReport().printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);

        assertThat(table).contains("bench priority: HIGH behind LOW");
        assertThat(table).contains("machine:    2 cores, 8.0 GiB RAM, Linux 6.1 amd64, JDK 17.0.15");
        assertThat(table).contains("heap max: bench 1.0 GiB, members 2.0 GiB");
        assertThat(table).contains("parameters: members=2 rate=50 quick=true");
        assertThat(table).contains("lodestone:  loaded").contains("baseline:   idle");
        assertThat(table).containsPattern("HIGH p99 end-to-end \\(ms\\) +3\\.500 \\[3 \\.\\. 4\\] +1\\.750 \\[1\\.500 \\.\\. 2\\] +2\\R");
        assertThat(table).containsPattern("LOW task run time \\(ms\\) +1\\.020 \\[1 \\.\\. 1\\.100\\] +- +-\\R");
    }
}
