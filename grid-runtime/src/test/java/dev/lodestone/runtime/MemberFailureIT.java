package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.runtime.client.ClientConnector;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.member.LodestoneMember;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import dev.lodestone.runtime.testtasks.Ran;
import dev.lodestone.runtime.testtasks.SlowRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Members that leave while tasks are queued and running on them: nothing is lost. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MemberFailureIT {

    private static final int KEYS = 400;
    private EmbeddedCluster cluster;
    private GridClient grid;
    private GridMap<Integer, String> data;

    @BeforeEach
    void start() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(getClass().getClassLoader()));
        cluster = EmbeddedCluster.start(EmbeddedOptions.members(3).withPartitions(31).withWorkerThreads(2), codec);
        grid = ClientConnector.connect(new ConnectOptions(cluster.addresses(), cluster.clusterName(), Duration.ofSeconds(30)),
                codec, () -> { });
        data = grid.createMap("data");
        Map<Integer, String> entries = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            entries.put(k, "v" + k);
        }
        data.putAll(entries);
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

    private List<TaskHandle<Ran>> submitSlowReads() {
        List<Submission<Ran>> batch = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            batch.add(Submission.of(new SlowRead("data", k, 5), SubmitOptions.affinity("data", k)));
        }
        return grid.submitAll(batch);
    }

    private void awaitSomeDoneOn(LodestoneMember victim) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> grid.cluster().status().stream()
                .filter(s -> s.member().name().equals(victim.name())).mapToLong(MemberStatus::succeeded).sum() >= 5);
    }

    @Test
    void tasksQueuedOrRunningOnAKilledMemberRunAgainOnTheNewOwnerWithTheirData() {
        List<TaskHandle<Ran>> handles = submitSlowReads();
        LodestoneMember victim = cluster.members().get(2);
        awaitSomeDoneOn(victim);
        victim.crash();

        int reruns = 0;
        for (int k = 0; k < KEYS; k++) {
            Ran ran = handles.get(k).result().orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(ran.value()).as("value of key %d, read on %s", k, ran.member()).isEqualTo("v" + k);
            if (ran.attempt() > 1) {
                reruns++;
                assertThat(ran.member()).isNotEqualTo(victim.name());
            }
        }
        System.out.printf("killed %s: %d of %d tasks ran again on the new owners%n", victim.name(), reruns, KEYS);
        assertThat(reruns).isPositive();
        assertThat(data.size()).isEqualTo(KEYS);
    }

    @Test
    void aGracefulStopHandsQueuedTasksBackSoNoneRunsTwice() {
        List<TaskHandle<Ran>> handles = submitSlowReads();
        LodestoneMember leaving = cluster.members().get(2);
        awaitSomeDoneOn(leaving);
        leaving.close();

        for (int k = 0; k < KEYS; k++) {
            Ran ran = handles.get(k).result().orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(ran.value()).isEqualTo("v" + k);
            assertThat(ran.attempt()).as("key %d ran on %s", k, ran.member()).isEqualTo(1);
        }
        assertThat(data.size()).isEqualTo(KEYS);
    }
}
