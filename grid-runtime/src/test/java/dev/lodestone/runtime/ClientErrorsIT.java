package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.Grid;
import dev.lodestone.api.GridConnectException;
import dev.lodestone.api.GridException;
import dev.lodestone.api.Lodestone;
import dev.lodestone.api.cluster.MemberStatus;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.runtime.client.ClientConnector;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import dev.lodestone.runtime.testtasks.Sleep;
import dev.lodestone.runtime.testtasks.TestTypes;
import dev.lodestone.runtime.testtasks.WhoAmI;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a client sees when something is wrong: real members on loopback, everything closed. */
class ClientErrorsIT {

    /** Registered by the client only. */
    record ClientOnly(int x) {
    }

    private static KryoCodec codec(boolean withClientOnly) {
        return new KryoCodec(TypeRegistrations.of(withClientOnly
                ? List.of(new TestTypes(), reg -> reg.register(ClientOnly.class))
                : List.of(new TestTypes())));
    }

    private static ConnectOptions connectTo(EmbeddedCluster cluster) {
        return new ConnectOptions(cluster.addresses(), cluster.clusterName(), Duration.ofSeconds(10));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aClientWithOtherRegistrationsIsRefusedNamingItselfTheMemberAndTheRegistrars() throws Exception {
        EmbeddedOptions one = EmbeddedOptions.members(1).withPartitions(7).withWorkerThreads(1);
        try (EmbeddedCluster cluster = EmbeddedCluster.start(one, codec(false));
             GridClient odd = ClientConnector.connect(connectTo(cluster), codec(true), () -> { });
             GridClient same = ClientConnector.connect(connectTo(cluster), codec(false), () -> { })) {
            // the Hazelcast side connects; the member refuses the client's tasks, and the first task carries the refusal
            TaskHandle<String> h = odd.submit(new WhoAmI());
            assertThatThrownBy(() -> h.result().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(GridException.class)
                    .satisfies(e -> System.out.println("refusal: " + e.getMessage()))
                    .hasMessageContaining("client client-" + ProcessHandle.current().pid() + "-")
                    .hasMessageContaining("member embedded-1")
                    .hasMessageContaining("registered other classes")
                    .hasMessageContaining("TypeRegistrars")
                    .hasMessageContaining(WhoAmI.class.getName());
            // refused every time, not once
            assertThatThrownBy(() -> odd.submit(new WhoAmI()).result().get(20, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("TypeRegistrars");
            // the same member takes a client with the same registrations: the refusal was about the registrations
            assertThat(same.submit(new WhoAmI()).result().get(20, TimeUnit.SECONDS)).isEqualTo("embedded-1");
            assertThat(same.cluster().status()).singleElement().satisfies(s -> assertThat(s.succeeded()).isEqualTo(1));
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void connectingWhereNoMemberListensFailsWithinTheTimeoutNamingTheAddress() throws Exception {
        String address = "127.0.0.1:" + freePort();
        long start = System.nanoTime();
        Grid[] connected = new Grid[1];
        try {
            assertThatThrownBy(() -> connected[0] = Lodestone.connect(ConnectOptions.of(address).withConnectTimeout(Duration.ofSeconds(2))))
                    .isInstanceOf(GridConnectException.class)
                    .hasMessageContaining(address)
                    .hasMessageContaining("lodestone")
                    .satisfies(e -> assertThat(((GridConnectException) e).addressesTried()).containsExactly(address));
        } finally {
            if (connected[0] != null) {
                connected[0].close();
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    /**
     * A port nothing listens on, below the kernel's ephemeral range (32768 and up on Linux): a connect to a closed
     * port inside that range can be given that same port as its own, and TCP then connects the socket to itself
     * (seen here: Hazelcast's client then waits 30 s for its own authentication request to be answered).
     */
    private static int freePort() throws IOException {
        for (int port = 20_000 + (int) (ProcessHandle.current().pid() % 1_000) * 10; port < 32_000; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port below 32000 on loopback");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closingAnEmbeddedGridFailsItsPendingTasks() throws Exception {
        Grid grid = Lodestone.embedded(EmbeddedOptions.members(1).withPartitions(7).withWorkerThreads(1));
        try {
            TaskHandle<String> h = grid.submit(new Sleep(10_000));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> grid.cluster().status().stream().mapToLong(MemberStatus::running).sum() == 1);
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(grid::close);
            assertThatThrownBy(() -> h.result().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(GridException.class)
                    .hasMessageContaining("closed")
                    .hasMessageContaining(h.id().toString());
            closing.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the member does not wait for the abandoned Sleep")
                    .isLessThan(Duration.ofSeconds(8));
        } finally {
            grid.close();
        }
    }

    /**
     * A task that could not be placed (here: its member is gone, the client's member list is stale)
     * waits on the client's timer to be routed again; closing the grid shuts that timer down.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closingTheGridFailsTasksWaitingToBeRoutedAgain() throws Exception {
        EmbeddedOptions one = EmbeddedOptions.members(1).withPartitions(7).withWorkerThreads(1);
        try (EmbeddedCluster cluster = EmbeddedCluster.start(one, codec(false));
             GridClient grid = ClientConnector.connect(connectTo(cluster), codec(false), () -> { })) {
            assertThat(grid.submit(new WhoAmI()).result().get(20, TimeUnit.SECONDS)).isEqualTo("embedded-1");
            cluster.close();
            TaskHandle<String> h = grid.submit(new WhoAmI()); // its member's task port refuses: routed again after a back-off
            assertThat(h.result()).isNotDone();
            grid.close();
            assertThatThrownBy(() -> h.result().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(GridException.class)
                    .hasMessageContaining("closed");
        }
    }
}
