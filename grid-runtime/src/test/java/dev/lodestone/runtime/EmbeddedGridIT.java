package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.NoSuchMapException;
import dev.lodestone.api.cluster.MemberInfo;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.task.RemoteException;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskFailedException;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.api.task.TaskTimeoutException;
import dev.lodestone.runtime.testtasks.Blob;
import dev.lodestone.runtime.testtasks.Fail;
import dev.lodestone.runtime.testtasks.Ran;
import dev.lodestone.runtime.testtasks.ReadKey;
import dev.lodestone.runtime.testtasks.ReturnsUnregistered;
import dev.lodestone.runtime.testtasks.Sleep;
import dev.lodestone.runtime.testtasks.Unregistered;
import dev.lodestone.runtime.testtasks.WhoAmI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real two-member cluster in this JVM, on loopback, and a real client over the task channel. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedGridIT {

    private static final int KEYS = 2_000;
    private static Grid grid;
    private static GridMap<Integer, String> data;

    @BeforeAll
    static void start() {
        grid = Lodestone.embedded(EmbeddedOptions.members(2).withPartitions(31).withWorkerThreads(2));
        data = grid.createMap("data");
        Map<Integer, String> entries = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            entries.put(k, "v" + k);
        }
        data.putAll(entries);
    }

    @AfterAll
    static void stop() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void affineTasksRunOnTheOwnerOfTheirKeyAndReadItThere() {
        List<Submission<Ran>> batch = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            batch.add(Submission.of(new ReadKey("data", k), SubmitOptions.affinity("data", k)));
        }
        List<TaskHandle<Ran>> handles = grid.submitAll(batch);
        for (int k = 0; k < KEYS; k++) {
            Ran ran = handles.get(k).result().join();
            int partition = data.partitionOf(k);
            assertThat(ran.value()).isEqualTo("v" + k);
            assertThat(ran.partition()).isEqualTo(partition);
            assertThat(ran.member()).isEqualTo(grid.cluster().ownerOf(partition).name());
            assertThat(handles.get(k).executedOn()).contains(ran.member());
            assertThat(ran.attempt()).isEqualTo(1);
        }
        assertThat(handles).extracting(h -> h.id().sequence()).doesNotHaveDuplicates();
    }

    @Test
    void singleSubmitReturnsTheResult() throws Exception {
        TaskHandle<Ran> h = grid.submit(new ReadKey("data", 7), SubmitOptions.affinity("data", 7));
        assertThat(h.result().get(30, TimeUnit.SECONDS).value()).isEqualTo("v7");
    }

    @Test
    void aTaskThatThrowsFailsWithTheRemoteTypeMessageTraceTaskIdAndMember() {
        TaskHandle<String> h = grid.submit(new Fail("boom"));
        assertThatThrownBy(() -> h.result().join()).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.remoteType()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(e.remoteMessage()).isEqualTo("boom");
                    assertThat(e.taskId()).isEqualTo(h.id());
                    assertThat(e.member()).startsWith("embedded-");
                    assertThat(e.getMessage()).contains(h.id().toString()).contains(e.member()).contains("boom");
                    assertThat(e.getStackTrace()[0].getClassName()).isEqualTo(Fail.class.getName());
                    assertThat(e.getCause()).isInstanceOf(RemoteException.class).hasMessageContaining("root cause");
                });
    }

    @Test
    void anUnregisteredTaskIsRefusedAtSubmitWithItsClassName() {
        assertThatThrownBy(() -> grid.submit(new Unregistered(1)))
                .isInstanceOf(TaskRejectedException.class)
                .hasMessageContaining(Unregistered.class.getName())
                .hasMessageContaining("not registered");
    }

    @Test
    void aResultThatCannotBeSerializedFailsTheTaskNotTheMember() {
        TaskHandle<Object> h = grid.submit(new ReturnsUnregistered());
        assertThatThrownBy(() -> h.result().join()).cause().isInstanceOf(TaskRejectedException.class)
                .hasMessageContaining(Unregistered.class.getName()).hasMessageContaining(h.id().toString());
        assertThat(grid.submit(new WhoAmI()).result().join()).startsWith("embedded-");
    }

    @Test
    void anAffinityToAMissingMapIsAClearError() {
        assertThatThrownBy(() -> grid.submit(new WhoAmI(), SubmitOptions.affinity("no-such-map", 1)))
                .isInstanceOf(NoSuchMapException.class).hasMessageContaining("no-such-map");
        assertThatThrownBy(() -> grid.map("no-such-map")).isInstanceOf(NoSuchMapException.class);
    }

    @Test
    void broadcastRunsOnceOnEveryMember() {
        List<TaskHandle<String>> handles = grid.broadcast(new WhoAmI());
        List<String> names = handles.stream().map(h -> h.result().join()).sorted().toList();
        assertThat(names).containsExactlyElementsOf(grid.cluster().members().stream().map(MemberInfo::name).sorted().toList());
    }

    @Test
    void aTimeoutFailsTheFutureAndStopsTheTask() {
        TaskHandle<String> h = grid.submit(new Sleep(20_000), SubmitOptions.defaults().withTimeout(Duration.ofMillis(300)));
        assertThatThrownBy(() -> h.result().get(10, TimeUnit.SECONDS)).cause().isInstanceOf(TaskTimeoutException.class)
                .hasMessageContaining(h.id().toString());
    }

    @Test
    void cancellingARunningTaskInterruptsIt() throws Exception {
        TaskHandle<String> h = grid.submit(new Sleep(20_000));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                grid.cluster().status().stream().mapToLong(MemberStatus::running).sum() > 0);
        assertThat(h.cancel()).isTrue();
        assertThat(h.result().isCancelled()).isTrue();
        assertThatThrownBy(() -> h.result().join()).isInstanceOf(CancellationException.class)
                .hasMessage("task " + h.id() + " was cancelled");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                grid.cluster().status().stream().mapToLong(MemberStatus::running).sum() == 0);
    }

    @Test
    void statusListsEveryMemberWithItsPartitions() {
        List<MemberStatus> status = grid.cluster().status();
        assertThat(status).hasSize(2);
        assertThat(status.stream().mapToInt(MemberStatus::partitionsOwned).sum()).isEqualTo(31);
        assertThat(status).allSatisfy(s -> assertThat(s.workerThreads()).isEqualTo(2));
    }

    @Test
    void aSubmitterWithAPendingInterruptDoesNotBreakTheConnectionForOthers() throws Exception {
        Thread.currentThread().interrupt(); // as after a common catch (InterruptedException e) { interrupt(); }
        TaskHandle<Ran> first;
        try {
            first = grid.submit(new ReadKey("data", 3), SubmitOptions.affinity("data", 3));
            assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(first.result().get(30, TimeUnit.SECONDS).attempt()).isEqualTo(1);
        Ran second = grid.submit(new ReadKey("data", 3), SubmitOptions.affinity("data", 3)).result().get(30, TimeUnit.SECONDS);
        assertThat(second.attempt()).as("the link was not closed and re-routed").isEqualTo(1);
    }

    @Test
    void aTaskTooLargeForOneFrameIsRefusedAtSubmitNotSentToBreakTheLink() {
        assertThatThrownBy(() -> grid.submit(new Blob(new byte[70 << 20])))
                .isInstanceOf(TaskRejectedException.class).hasMessageContaining(Blob.class.getName())
                .hasMessageContaining("more than");
        assertThat(grid.submit(new Blob(new byte[1 << 20])).result().join()).isEqualTo(1 << 20);
    }
}
