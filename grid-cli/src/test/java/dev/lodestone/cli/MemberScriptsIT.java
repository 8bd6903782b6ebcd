package dev.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.cli.testtasks.ReadOnOwner;
import dev.lodestone.cli.testtasks.Seen;
import dev.lodestone.cli.testtasks.WhoAmI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two members started with the real {@code bin/start-member --daemon}, each its own JVM; this JVM is the
 * client. Checks what only a process-level test can: the scripts' pid files and logs, {@code bin/grid}
 * against a running cluster, affine tasks landing on the owner's JVM, and that {@code bin/stop-member}
 * stops one member gracefully (no data lost) and then all of them.
 *
 * <p>The members run the test tasks in {@code target/test-classes} (put on their class path with
 * {@code LODESTONE_CLASSPATH}); the test JVM and the members therefore register the same types.
 *
 * <p>The tests share one cluster; only the last one ({@link #stoppingOneMemberKeepsEveryKeyThenStopAllStopsTheRest})
 * changes it, so it runs last.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberScriptsIT {

    private static final int KEYS = 2_000;
    private static final String MAP = "data";
    private static final List<String> NAMES = List.of("a1", "a2");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern STARTED = Pattern.compile("started member (\\S+) \\(pid (\\d+)\\)");

    @TempDir
    static Path dir;

    private static Scripts scripts;
    private static int[] ports;
    private static Grid grid;
    private static GridMap<Integer, String> data;
    /** Member name to the pid that start-member printed. */
    private static final Map<String, Long> STARTED_PIDS = new TreeMap<>();

    @BeforeAll
    static void startTwoMembersWithTheScriptAndConnect() {
        scripts = new Scripts(dir, "it-" + UUID.randomUUID().toString().substring(0, 8));
        ports = Scripts.freePorts(2);
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        for (int i = 0; i < NAMES.size(); i++) {
            Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "start-member", "--daemon", "--name", NAMES.get(i),
                    "--cluster-name", scripts.clusterName(), "--port", Integer.toString(ports[i]), "--members", members);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            Matcher m = STARTED.matcher(r.output());
            assertThat(m.find()).as(r.describe()).isTrue();
            assertThat(m.group(1)).isEqualTo(NAMES.get(i));
            STARTED_PIDS.put(NAMES.get(i), Long.parseLong(m.group(2)));
        }

        grid = Lodestone.connect(ConnectOptions.of("127.0.0.1:" + ports[0]).withClusterName(scripts.clusterName()));
        await("both members in the client's view").atMost(Duration.ofSeconds(30))
                .until(() -> memberNames(grid).equals(Set.copyOf(NAMES)));
        data = grid.createMap(MAP);
        Map<Integer, String> entries = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            entries.put(k, "v" + k);
        }
        data.putAll(entries);
        // Owners are compared with the client's partition table below: wait until it shows the final,
        // balanced arrangement (half of the partitions each), so no migration runs during the tests.
        int partitions = grid.cluster().partitionCount();
        await("partitions balanced over both members").atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, Long> owned = ownedPerMember(grid);
            return owned.keySet().equals(Set.copyOf(NAMES)) && owned.values().stream().allMatch(n -> n >= partitions / 2);
        });
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
                STARTED_PIDS.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
        }
    }

    @Test
    @Order(1)
    void pidFilesHoldTheLiveMemberJvmsAndEachMemberLogsToItsFile() throws Exception {
        for (String name : NAMES) {
            Path pidFile = scripts.runDir().resolve(name + ".pid");
            assertThat(pidFile).isRegularFile();
            long pid = scripts.pidOf(name).orElseThrow();
            assertThat(pid).as("the pid start-member printed for " + name).isEqualTo(STARTED_PIDS.get(name));
            ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid + " for " + name));
            assertThat(p.isAlive()).isTrue();
            // the pid is the member's JVM itself, not a shell or launcher around it
            assertThat(p.info().commandLine().orElse("")).contains("dev.lodestone.runtime.MemberMain").contains("--name " + name)
                    .contains(scripts.clusterName());

            Path log = scripts.logDir().resolve(name + ".log");
            assertThat(log).isRegularFile();
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("member " + name + " started at 127.0.0.1:");
        }
        assertThat(Scripts.HOME.resolve("run").resolve("a1.pid")).as("nothing is written into the repository").doesNotExist();
    }

    @Test
    @Order(2)
    void startingAMemberWhoseNameIsRunningIsRefusedWithItsPid() {
        Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "start-member", "--daemon", "--name", "a1", "--cluster-name",
                scripts.clusterName(), "--port", Integer.toString(ports[0]));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.output()).contains("a1").contains("already running").contains("pid " + STARTED_PIDS.get("a1"));
        assertThat(Scripts.isAlive(STARTED_PIDS.get("a1"))).isTrue();
    }

    @Test
    @Order(3)
    void affineTasksRunOnTheOwnerOfTheirKeyInTheMemberJvm() throws Exception {
        List<Submission<Seen>> batch = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            batch.add(Submission.of(new ReadOnOwner(MAP, k), SubmitOptions.affinity(MAP, k)));
        }
        List<TaskHandle<Seen>> viaSubmitAll = grid.submitAll(batch);
        List<TaskHandle<Seen>> viaSubmit = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            viaSubmit.add(grid.submit(new ReadOnOwner(MAP, k), SubmitOptions.affinity(MAP, k)));
        }

        Set<String> ranOn = new TreeSet<>();
        for (List<TaskHandle<Seen>> handles : List.of(viaSubmitAll, viaSubmit)) {
            assertThat(handles).hasSize(KEYS);
            for (int k = 0; k < KEYS; k++) {
                TaskHandle<Seen> h = handles.get(k);
                Seen seen = h.result().get(RESULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                int partition = data.partitionOf(k);
                String owner = grid.cluster().ownerOf(partition).name();
                assertThat(seen.value()).as("value read for key %d", k).isEqualTo("v" + k);
                assertThat(seen.partition()).as("partition of key %d", k).isEqualTo(partition);
                assertThat(seen.member()).as("member that ran key %d (partition %d)", k, partition).isEqualTo(owner);
                assertThat(h.executedOn()).contains(seen.member());
                assertThat(seen.attempt()).isEqualTo(1);
                ranOn.add(seen.member());
            }
        }
        assertThat(ranOn).containsExactlyElementsOf(NAMES);
    }

    @Test
    @Order(4)
    void gridStatusListsBothMembersWithEveryPartitionAndTheirDoneTasks() throws Exception {
        // every member has finished at least one task, whichever tests ran before
        for (TaskHandle<String> h : grid.broadcast(new WhoAmI())) {
            h.result().get(RESULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "grid", "status", "--cluster", "127.0.0.1:" + ports[0],
                "--cluster-name", scripts.clusterName());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.output()).as(r.describe()).contains("cluster '" + scripts.clusterName() + "': 2 members, 271 partitions");

        // MEMBER ADDRESS PARTITIONS QUEUED RUNNING DONE FAILED
        Map<String, long[]> rows = new TreeMap<>();
        for (String line : r.output().split("\\R")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 7 && NAMES.contains(f[0])) {
                rows.put(f[0], new long[] {Long.parseLong(f[2]), Long.parseLong(f[5])});
            }
        }
        assertThat(rows.keySet()).as(r.describe()).containsExactlyElementsOf(NAMES);
        assertThat(rows.values().stream().mapToLong(v -> v[0]).sum()).as("partitions owned, summed; " + r.describe())
                .isEqualTo(271);
        assertThat(rows).as(r.describe()).allSatisfy((name, v) -> assertThat(v[1]).as("tasks done by " + name).isPositive());
    }

    @Test
    @Order(5)
    void gridWordcountAgainstTheRunningClusterChecksItsCounts() {
        Scripts.Result r = scripts.run(SCRIPT_TIMEOUT, "grid", "wordcount", "--cluster", "127.0.0.1:" + ports[0],
                "--cluster-name", scripts.clusterName(), "--lines", "2000");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.output()).as(r.describe()).contains("2,000 lines").contains("checked").doesNotContain("MISMATCH")
                .contains("a1=").contains("a2=");
    }

    @Test
    @Order(6)
    void stoppingOneMemberKeepsEveryKeyThenStopAllStopsTheRest() throws Exception {
        long a1 = STARTED_PIDS.get("a1");
        long a2 = STARTED_PIDS.get("a2");

        Scripts.Result stopOne = scripts.run(SCRIPT_TIMEOUT, "stop-member", "--name", "a1");
        assertThat(stopOne.exitCode()).as(stopOne.describe()).isZero();
        assertThat(stopOne.output()).contains("stopped member a1");
        assertThat(Scripts.isAlive(a1)).as("a1's JVM after stop-member --name a1").isFalse();
        assertThat(scripts.runDir().resolve("a1.pid")).doesNotExist();
        assertThat(Scripts.isAlive(a2)).as("a2's JVM after stopping a1").isTrue();
        assertThat(scripts.runDir().resolve("a2.pid")).isRegularFile();

        await("a1 gone from the client's view").atMost(Duration.ofSeconds(30))
                .until(() -> memberNames(grid).equals(Set.of("a2")));
        // graceful stop: a1's partitions were migrated (backups promoted) before it left
        Set<Integer> keys = IntStream.range(0, KEYS).boxed().collect(Collectors.toSet());
        Map<Integer, String> read = data.getAll(keys);
        assertThat(read).hasSize(KEYS);
        assertThat(read).allSatisfy((k, v) -> assertThat(v).isEqualTo("v" + k));
        assertThat(data.size()).isEqualTo(KEYS);

        // and the remaining member runs every key's task locally
        List<Submission<Seen>> batch = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            batch.add(Submission.of(new ReadOnOwner(MAP, k), SubmitOptions.affinity(MAP, k)));
        }
        List<TaskHandle<Seen>> handles = grid.submitAll(batch);
        for (int k = 0; k < KEYS; k++) {
            Seen seen = handles.get(k).result().get(RESULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(seen.member()).isEqualTo("a2");
            assertThat(seen.value()).isEqualTo("v" + k);
        }

        grid.close(); // before the last member goes, so the client does not keep reconnecting
        grid = null;
        Scripts.Result stopAll = scripts.run(SCRIPT_TIMEOUT, "stop-member", "--all");
        assertThat(stopAll.exitCode()).as(stopAll.describe()).isZero();
        assertThat(stopAll.output()).contains("stopped member a2").doesNotContain("a1");
        assertThat(Scripts.isAlive(a1)).isFalse();
        assertThat(Scripts.isAlive(a2)).as("a2's JVM after stop-member --all").isFalse();
        try (var left = Files.list(scripts.runDir())) {
            assertThat(left.filter(f -> f.toString().endsWith(".pid"))).as("pid files left in run/").isEmpty();
        }
    }

    private static Set<String> memberNames(Grid g) {
        return g.cluster().members().stream().map(MemberInfo::name).collect(Collectors.toSet());
    }

    /** Partitions owned per member name, as the client's partition table says. */
    private static Map<String, Long> ownedPerMember(Grid g) {
        Map<String, Long> owned = new TreeMap<>();
        for (int p = 0; p < g.cluster().partitionCount(); p++) {
            MemberInfo owner = g.cluster().ownerOf(p);
            owned.merge(owner == null ? "(none)" : owner.name(), 1L, Long::sum);
        }
        return owned;
    }
}
