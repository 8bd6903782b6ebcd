package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.metrics.TaskCounters;
import dev.lodestone.api.task.Locality;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.runtime.client.ClientConnector;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.member.LodestoneMember;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import dev.lodestone.runtime.testtasks.Ran;
import dev.lodestone.runtime.testtasks.SleepWho;
import dev.lodestone.runtime.testtasks.SlowRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Work stealing with real members: two members of one worker each, every task on keys that the
 * first member owns, so the second is idle unless it steals.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkStealingIT {

    private EmbeddedCluster cluster;
    private KryoCodec codec;
    private GridClient grid;
    private String owner;
    private String other;
    private List<Integer> ownersKeys;

    private void start(boolean stealing) {
        start(stealing, 1);
    }

    private void start(boolean stealing, int workers) {
        codec = new KryoCodec(TypeRegistrations.fromClassPath(getClass().getClassLoader()));
        cluster = EmbeddedCluster.start(EmbeddedOptions.members(2).withPartitions(31).withWorkerThreads(workers), codec,
                s -> s.withOverride("steal.enabled", Boolean.toString(stealing), "test")
                        .withOverride("locality.wait.ms", "10", "test"));
        grid = ClientConnector.connect(new ConnectOptions(cluster.addresses(), cluster.clusterName(), Duration.ofSeconds(30)),
                codec, () -> { });
        GridMap<Integer, String> data = grid.createMap("data");
        owner = grid.cluster().members().get(0).name();
        other = grid.cluster().members().get(1).name();
        ownersKeys = new ArrayList<>();
        for (int k = 0; ownersKeys.size() < 40; k++) {
            if (grid.cluster().ownerOf(data.partitionOf(k)).name().equals(owner)) {
                ownersKeys.add(k);
            }
        }
    }

    @AfterEach
    void stop() {
        if (grid != null) {
            grid.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<TaskHandle<String>> submitOnOwnersKeys(int n, long millis, Locality locality) {
        List<TaskHandle<String>> handles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            handles.add(grid.submit(new SleepWho(millis), SubmitOptions.affinity("data", ownersKeys.get(i)).withLocality(locality)));
        }
        return handles;
    }

    @Test
    void anIdleBackupHolderTakesQueuedTasksThatMayRunOnBackups() {
        start(true);

        List<TaskHandle<String>> handles = submitOnOwnersKeys(40, 50, Locality.BACKUP);

        List<String> ranOn = handles.stream().map(h -> h.result().join()).toList();
        assertThat(ranOn).contains(owner, other);
        for (TaskHandle<String> h : handles) {
            assertThat(h.executedOn()).contains(h.result().join()); // the client learns where a stolen task ran
        }
        long stolenRuns = ranOn.stream().filter(other::equals).count();
        TaskCounters thief = grid.metrics().members().stream().filter(m -> m.member().name().equals(other))
                .findFirst().orElseThrow().total();
        assertThat(thief.stolen()).isEqualTo(stolenRuns);
        assertThat(thief.ranOnBackup()).isEqualTo(stolenRuns); // with 2 members and 1 backup, the thief holds the backups
        assertThat(thief.submitted()).isZero();
        assertThat(grid.metrics().total().succeeded()).isEqualTo(40);
    }

    @Test
    void tasksThatMustRunOnTheOwnerAreNeverStolen() {
        start(true);

        List<TaskHandle<String>> handles = submitOnOwnersKeys(20, 20, Locality.OWNER);

        assertThat(handles.stream().map(h -> h.result().join()).distinct().toList()).containsExactly(owner);
    }

    @Test
    void withStealingOffLooseTasksWaitForTheirOwner() {
        start(false);

        List<TaskHandle<String>> handles = submitOnOwnersKeys(20, 20, Locality.ANY);

        assertThat(handles.stream().map(h -> h.result().join()).distinct().toList()).containsExactly(owner);
    }

    @Test
    void cancellingAStolenRunningTaskInterruptsItWhereItRuns() {
        start(true);
        List<TaskHandle<String>> handles = submitOnOwnersKeys(3, 60_000, Locality.ANY);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> running(other) == 1 && running(owner) == 1);

        handles.forEach(TaskHandle::cancel);

        for (TaskHandle<String> h : handles) {
            assertThat(h.result()).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(Exception.class)
                    .satisfies(e -> assertThat(e).isInstanceOfAny(CancellationException.class, CompletionException.class,
                            java.util.concurrent.ExecutionException.class));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> running(other) == 0 && running(owner) == 0);
    }

    @Test
    void tasksStolenByAMemberThatDiesRunAgainOnTheLenderAsTheNextAttempt() {
        start(true);
        List<TaskHandle<Ran>> handles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            handles.add(grid.submit(new SlowRead("data", ownersKeys.get(i), 1_500),
                    SubmitOptions.affinity("data", ownersKeys.get(i)).withLocality(Locality.ANY)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> running(other) == 1);

        cluster.members().stream().filter(m -> m.name().equals(other)).findFirst().orElseThrow().crash();

        List<Ran> ran = handles.stream().map(h -> h.result().orTimeout(60, TimeUnit.SECONDS).join()).toList();
        assertThat(ran).allSatisfy(r -> assertThat(r.member()).isEqualTo(owner));
        assertThat(ran).anySatisfy(r -> assertThat(r.attempt()).as("the loan lost with the thief").isEqualTo(2));
    }

    @Test
    void tasksWithoutAffinityStopGoingToAMemberThatIsDraining() throws Exception {
        start(true, 2);
        LodestoneMember leaving = cluster.members().stream().filter(m -> m.name().equals(other)).findFirst().orElseThrow();
        int othersKey = 0;
        while (!grid.cluster().ownerOf(grid.map("data").partitionOf(othersKey)).name().equals(other)) {
            othersKey++;
        }
        // The leaving member's long task comes from another client, so to this client it looks idle: the least
        // loaded member, which is where its tasks without affinity would keep going.
        TaskHandle<String> elsewhere = grid.submit(new SleepWho(8_000), SubmitOptions.affinity("data", ownersKeys.get(0)));
        TaskHandle<String> blocker;
        try (GridClient second = ClientConnector.connect(new ConnectOptions(cluster.addresses(), cluster.clusterName(),
                Duration.ofSeconds(30)), codec, () -> { })) {
            blocker = second.submit(new SleepWho(8_000), SubmitOptions.affinity("data", othersKey));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> running(other) == 1 && running(owner) == 1);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(leaving::close); // drains for up to 8 s
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(leaving::isStopping);

            List<TaskHandle<String>> handles = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                handles.add(grid.submit(new SleepWho(10)));
            }

            for (TaskHandle<String> h : handles) {
                assertThat(h.result().get(30, TimeUnit.SECONDS)).isEqualTo(owner);
            }
            assertThat(stopping).as("the tasks ran while the member was still draining; none waited for it to leave")
                    .isNotDone();
            assertThat(blocker.result()).succeedsWithin(Duration.ofSeconds(30));
            stopping.get(60, TimeUnit.SECONDS);
        }
        assertThat(elsewhere.result()).succeedsWithin(Duration.ofSeconds(30));
    }

    private long running(String member) {
        return grid.cluster().status().stream().filter(s -> s.member().name().equals(member))
                .mapToLong(MemberStatus::running).sum();
    }
}
