package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.task.RetryPolicy;
import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskFailedException;
import dev.lodestone.runtime.client.ClientConnector;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import dev.lodestone.runtime.testtasks.FailUntil;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded retries of tasks that throw: only when asked, with back-off, ending with the last error and its attempt. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RetryIT {

    private static EmbeddedCluster cluster;
    private static GridClient grid;

    @BeforeAll
    static void start() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(RetryIT.class.getClassLoader()));
        cluster = EmbeddedCluster.start(EmbeddedOptions.members(2).withPartitions(31).withWorkerThreads(2), codec);
        grid = ClientConnector.connect(new ConnectOptions(cluster.addresses(), cluster.clusterName(), Duration.ofSeconds(30)),
                codec, () -> { });
    }

    @AfterAll
    static void stop() {
        if (grid != null) {
            grid.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void byDefaultATaskThatThrowsFailsOnItsFirstAttempt() {
        assertThatThrownBy(() -> grid.submit(new FailUntil(2)).result().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(TaskFailedException.class, e -> assertThat(e.attempt()).isEqualTo(1));
    }

    @Test
    void aRetryPolicyRunsItAgainAfterTheBackoffUntilItSucceeds() {
        long t0 = System.nanoTime();
        int succeededOn = grid.submit(new FailUntil(3), SubmitOptions.defaults()
                .withRetry(RetryPolicy.onFailure(5, Duration.ofMillis(40)))).result().orTimeout(30, TimeUnit.SECONDS).join();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(succeededOn).isEqualTo(3);
        assertThat(millis).as("two back-offs: 40 ms, then 80 ms").isGreaterThanOrEqualTo(120);
    }

    @Test
    void retriesAreBoundedAndTheLastErrorNamesItsAttempt() {
        assertThatThrownBy(() -> grid.submit(new FailUntil(99), SubmitOptions.partition(3)
                .withRetry(RetryPolicy.onFailure(4, Duration.ZERO))).result().orTimeout(30, TimeUnit.SECONDS).join())
                .cause().isInstanceOfSatisfying(TaskFailedException.class, e -> {
                    assertThat(e.attempt()).isEqualTo(4);
                    assertThat(e.remoteMessage()).isEqualTo("attempt 4 fails on purpose");
                });
    }

    @Test
    void badPoliciesAreRefused() {
        assertThatThrownBy(() -> RetryPolicy.onFailure(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts must be at least 1, got 0");
        assertThatThrownBy(() -> RetryPolicy.onFailure(2, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backoff must not be negative");
        assertThat(RetryPolicy.onFailure(9, Duration.ofSeconds(20)).backoffAfter(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryPolicy.onFailure(9, Duration.ofMillis(10)).backoffAfter(3)).isEqualTo(Duration.ofMillis(40));
    }
}
