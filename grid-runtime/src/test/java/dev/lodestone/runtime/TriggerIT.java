package dev.lodestone.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.ConnectOptions;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.api.data.GridMap;
import dev.lodestone.api.data.MapOptions;
import dev.lodestone.api.events.Trigger;
import dev.lodestone.api.events.TriggerOptions;
import dev.lodestone.api.events.UpdateKind;
import dev.lodestone.api.task.TaskRejectedException;
import dev.lodestone.runtime.client.ClientConnector;
import dev.lodestone.runtime.client.GridClient;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.member.LodestoneMember;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import dev.lodestone.runtime.testtasks.Derive;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Triggers on real members: a run per change, on the key's owner, through the task queue, surviving a member's death. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TriggerIT {

    private EmbeddedCluster cluster;
    private GridClient grid;
    private GridMap<Integer, Integer> ratings;
    private GridMap<Integer, Derive.Derived> derived;

    @BeforeEach
    void start() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(getClass().getClassLoader()));
        cluster = EmbeddedCluster.start(EmbeddedOptions.members(3).withPartitions(31).withWorkerThreads(2), codec);
        grid = ClientConnector.connect(new ConnectOptions(cluster.addresses(), cluster.clusterName(), Duration.ofSeconds(30)),
                codec, () -> { });
        ratings = grid.createMap("ratings", MapOptions.defaults().withUpdateEvents());
        derived = grid.createMap("derived");
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

    private static Map<Integer, Integer> values(int keys, int times) {
        return IntStream.range(0, keys).boxed().collect(Collectors.toMap(k -> k, k -> k * times));
    }

    private void awaitDerived(int keys, int times) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<Integer, Derive.Derived> all = derived.getAll(new HashSet<>(values(keys, times).keySet()));
            return all.size() == keys && all.entrySet().stream().allMatch(e -> e.getValue().value() == Derive.of(e.getKey(),
                    e.getKey() * times));
        });
    }

    @Test
    void everyChangeRunsItsTriggerOnTheKeysOwnerAndEveryDerivedValueIsRight() {
        int keys = 10_000;
        Trigger trigger = grid.events().trigger("ratings", new Derive(0), TriggerOptions.defaults());
        long t0 = System.nanoTime();
        ratings.putAll(values(keys, 3));
        awaitDerived(keys, 3);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Map<Integer, Derive.Derived> all = derived.getAll(new HashSet<>(values(keys, 3).keySet()));
        for (int k = 0; k < keys; k++) {
            Derive.Derived d = all.get(k);
            assertThat(d.partition()).isEqualTo(ratings.partitionOf(k));
            assertThat(d.member()).as("run for key %d", k).isEqualTo(grid.cluster().ownerOf(ratings.partitionOf(k)).name());
        }
        ratings.putAll(values(100, 5)); // updates
        for (int k = 100; k < 200; k++) {
            ratings.remove(k);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> trigger.status().succeeded() == keys + 200);
        awaitDerived(100, 5);
        assertThat(derived.getAll(new HashSet<>(IntStream.range(100, 200).boxed().toList()))).isEmpty();
        Trigger.Status s = trigger.status();
        assertThat(s.failed()).isZero();
        assertThat(s.pending() + s.running()).isZero();
        System.out.printf("trigger: %d keys put, every run on its key's owner, all derived values right after %d ms%n", keys, millis);
    }

    @Test
    void aRunRecordedBeforeItsMemberDiedRunsOnTheNewOwner() {
        int keys = 3_000;
        Trigger trigger = grid.events().trigger("ratings", new Derive(2), TriggerOptions.defaults());
        ratings.putAll(values(keys, 7));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            Trigger.Status s = trigger.status();
            return s.pending() + s.running() + s.succeeded() == keys;
        });
        LodestoneMember victim = cluster.members().get(2);
        Set<Integer> victimKeys = new HashSet<>();
        for (int k = 0; k < keys; k++) {
            if (grid.cluster().ownerOf(ratings.partitionOf(k)).name().equals(victim.name())) {
                victimKeys.add(k);
            }
        }
        int doneBefore = trigger.status().succeeded();
        victim.crash();
        awaitDerived(keys, 7);
        Map<Integer, Derive.Derived> all = derived.getAll(victimKeys);
        long moved = all.values().stream().filter(d -> !d.member().equals(victim.name())).count();
        System.out.printf("trigger: %d of %d runs done when %s (owner of %d keys) died; every key's derived value is right,"
                + " %d of its keys derived on the new owners%n", doneBefore, keys, victim.name(), victimKeys.size(), moved);
        assertThat(victimKeys).isNotEmpty();
        assertThat(trigger.status().failed()).isZero();
    }

    @Test
    void kindsFilterRunsClosingStopsThemAndBadInputIsRefused() {
        Trigger onRemoval = grid.events().trigger("ratings", new Derive(0), TriggerOptions.defaults().withKinds(UpdateKind.REMOVED));
        ratings.put(1, 10);
        derived.put(1, new Derive.Derived(-1, "test", 0, 0));
        ratings.remove(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> onRemoval.status().succeeded() == 1);
        assertThat(derived.get(1)).isNull();
        assertThat(onRemoval.status().succeeded()).as("the put started no run").isEqualTo(1);

        onRemoval.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            derived.put(2, new Derive.Derived(-1, "test", 0, 0));
            ratings.put(2, 1);
            ratings.remove(2);
            Thread.sleep(300); // a quiet interval: nothing must happen in it
            assertThat(derived.get(2)).as("no run after close").isNotNull();
        });

        grid.createMap("plain");
        assertThatThrownBy(() -> grid.events().trigger("plain", new Derive(0), TriggerOptions.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("withUpdateEvents");
        assertThatThrownBy(() -> grid.events().trigger("nosuch", new Derive(0), TriggerOptions.defaults()))
                .isInstanceOf(dev.lodestone.api.NoSuchMapException.class);
        assertThatThrownBy(() -> grid.events().trigger("ratings", (ctx, u) -> { }, TriggerOptions.defaults()))
                .isInstanceOf(TaskRejectedException.class).hasMessageContaining("trigger task");
        assertThatThrownBy(() -> TriggerOptions.defaults().withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
