package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonObject;
import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.cli.testtasks.Boom;
import dev.lodestone.cli.testtasks.ReadOnOwner;
import dev.lodestone.cli.testtasks.Seen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One member started with {@code bin/start-member --daemon} and a stats log line every second; this JVM runs
 * tasks of known outcomes on it, then checks what {@code bin/grid stats} prints (tables and {@code --json})
 * and what the member's log says.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StatsScriptIT {

    private static final int KEYS = 100;
    private static final int FAILING = 5;
    private static final String MEMBER = "s1";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    /** A counters row of the tables: LEVEL then eleven numbers. */
    private static final Pattern COUNTER_ROW = Pattern.compile("^\\s+([A-Z]+)((?:\\s+\\d+){11})\\s*$");

    @TempDir
    static Path dir;

    private static Scripts scripts;
    private static int port;
    private static Grid grid;

    @BeforeAll
    static void startAMemberAndRunTasksOnIt() throws Exception {
        scripts = new Scripts(dir, "it-stats-" + UUID.randomUUID().toString().substring(0, 8));
        port = Scripts.freePort();
        Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "start-member", "--daemon", "--name", MEMBER, "--cluster-name",
                scripts.clusterName(), "--port", Integer.toString(port), "--members", "127.0.0.1:" + port,
                "--set", "stats.log.interval.seconds=1");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        grid = Lodestone.connect(ConnectOptions.of("127.0.0.1:" + port).withClusterName(scripts.clusterName()));
        GridMap<Integer, String> data = grid.createMap("data");
        Map<Integer, String> entries = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            entries.put(k, "v" + k);
        }
        data.putAll(entries);

        List<Submission<Seen>> reads = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            reads.add(Submission.of(new ReadOnOwner("data", k), SubmitOptions.affinity("data", k).withPriority(Priority.HIGH)));
        }
        for (TaskHandle<Seen> h : grid.submitAll(reads)) {
            h.result().get(60, TimeUnit.SECONDS);
        }
        List<TaskHandle<String>> failing = new ArrayList<>();
        for (int i = 0; i < FAILING; i++) {
            failing.add(grid.submit(new Boom("boom " + i), SubmitOptions.defaults().withPriority(Priority.LOW)));
        }
        for (TaskHandle<String> h : failing) {
            h.result().handle((v, e) -> e).get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (grid != null) {
                grid.close();
            }
        } finally {
            if (scripts != null) {
                scripts.close();
            }
        }
    }

    private Scripts.Result stats(String... extra) {
        List<String> args = new ArrayList<>(List.of("stats", "--cluster", "127.0.0.1:" + port, "--cluster-name",
                scripts.clusterName()));
        args.addAll(List.of(extra));
        Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "grid", args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    /** The counters rows of the table that follows the line starting with {@code heading}, by level. */
    private static Map<String, long[]> countersAfter(String output, String heading) {
        Map<String, long[]> rows = new HashMap<>();
        boolean in = false;
        for (String line : output.split("\\R")) {
            if (line.startsWith(heading)) {
                in = true;
                continue;
            }
            if (in && line.isBlank()) {
                break;
            }
            Matcher m = COUNTER_ROW.matcher(line);
            if (in && m.matches()) {
                rows.put(m.group(1), java.util.Arrays.stream(m.group(2).trim().split("\\s+")).mapToLong(Long::parseLong).toArray());
            }
        }
        return rows;
    }

    @Test
    void gridStatsPrintsEveryCounterPerLevelForTheMemberAndTheCluster() {
        Scripts.Result r = stats();
        String out = r.output();
        assertThat(out).as(r.describe()).contains("cluster '" + scripts.clusterName() + "': 1 members")
                .contains("member " + MEMBER + " (127.0.0.1:" + port + ")")
                .contains("SUBMITTED", "STARTED", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "REJECTED", "STOLEN",
                        "ON_OWNER", "ON_BACKUP", "ELSEWHERE", "P50", "P90", "P99", "P99.9", "MAX")
                .contains("end-to-end times (submit to result) are measured by each client");
        for (String heading : List.of("member " + MEMBER, "cluster: 1 members merged")) {
            Map<String, long[]> rows = countersAfter(out, heading);
            assertThat(rows.keySet()).as(heading + "; " + r.describe()).containsExactlyInAnyOrder("CRITICAL", "HIGH", "NORMAL",
                    "LOW", "BACKGROUND");
            // SUBMITTED STARTED SUCCEEDED FAILED CANCELLED TIMED_OUT REJECTED STOLEN ON_OWNER ON_BACKUP ELSEWHERE
            assertThat(rows.get("HIGH")).as(heading).containsExactly(KEYS, KEYS, KEYS, 0, 0, 0, 0, 0, KEYS, 0, 0);
            assertThat(rows.get("LOW")).as(heading).containsExactly(FAILING, FAILING, 0, FAILING, 0, 0, 0, 0, 0, 0, 0);
            assertThat(rows.get("NORMAL")).as(heading).containsOnly(0);
        }
        assertThat(out).containsPattern("(?m)^\\s+HIGH\\s+queue_wait\\s+" + KEYS + "(\\s+\\d+){5}\\s*$")
                .containsPattern("(?m)^\\s+HIGH\\s+run_time\\s+" + KEYS + "(\\s+\\d+){5}\\s*$")
                .containsPattern("(?m)^\\s+LOW\\s+run_time\\s+" + FAILING + "(\\s+\\d+){5}\\s*$");
    }

    @Test
    void gridStatsJsonIsOneObjectWithTheSameFigures() {
        Scripts.Result r = stats("--json");
        String json = r.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(() -> new AssertionError(r.describe()));
        JsonObject o = Json.parse(json).asObject();
        assertThat(o.getString("clusterName", null)).isEqualTo(scripts.clusterName());
        assertThat(o.getLong("membersAnswered", -1)).isEqualTo(1);
        JsonObject high = o.get("cluster").asObject().get("levels").asArray().get(Priority.HIGH.ordinal()).asObject();
        assertThat(high.getString("priority", null)).isEqualTo("HIGH");
        assertThat(high.getLong("submitted", -1)).isEqualTo(KEYS);
        assertThat(high.getLong("succeeded", -1)).isEqualTo(KEYS);
        assertThat(high.getLong("ranOnOwner", -1)).isEqualTo(KEYS);
        assertThat(high.get("queueWaitMicros").asObject().getLong("count", -1)).isEqualTo(KEYS);
        JsonObject low = o.get("members").asArray().get(0).asObject().get("levels").asArray().get(Priority.LOW.ordinal()).asObject();
        assertThat(low.getLong("failed", -1)).isEqualTo(FAILING);
        assertThat(low.get("runTimeMicros").asObject().getLong("count", -1)).isEqualTo(FAILING);
    }

    @Test
    void theMembersStatsLogLinesAddUpToWhatRan() {
        Path log = scripts.logDir().resolve(MEMBER + ".log");
        // each line has its interval's figures: over all lines they add up to what ran
        await("stats log lines covering every task").atMost(Duration.ofSeconds(30)).until(() ->
                sumInLog(log, "HIGH", "submitted") == KEYS && sumInLog(log, "HIGH", "ok") == KEYS
                        && sumInLog(log, "HIGH", "owner") == KEYS && sumInLog(log, "LOW", "failed") == FAILING);
        assertThat(sumInLog(log, "LOW", "ok")).isZero();
        assertThat(read(log)).containsPattern("stats member=" + MEMBER + " queued=\\d+ running=\\d+ partitions=271 \\|")
                .containsPattern("HIGH: submitted=\\d+ started=\\d+ ok=\\d+ failed=0 .* wait_p99_us=\\d+ run_p99_us=\\d+");
    }

    /** The sum of {@code field} in the {@code level} part of every stats line of the member's log. */
    private static long sumInLog(Path log, String level, String field) {
        Pattern p = Pattern.compile("stats member=" + MEMBER + " .*\\b" + level + ": [^;]*\\b" + field + "=(\\d+)");
        long sum = 0;
        for (String line : read(log).split("\\R")) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
