package dev.lodestone.runtime.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.MapConfig;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PartitionTable#backupLocally} against three real members: with backup count 1 each partition has
 * exactly one owner, one backup holder and one member with no copy, although Hazelcast's partition table
 * names all three as replicas; with backup count 2 both non-owners hold a backup; with 0, nobody does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PartitionTableIT {

    private static final int PARTITIONS = 31;
    private static EmbeddedCluster cluster;
    private static List<PartitionTable> tables;

    @BeforeAll
    static void start() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(PartitionTableIT.class.getClassLoader()));
        cluster = EmbeddedCluster.start(EmbeddedOptions.members(3).withPartitions(PARTITIONS).withWorkerThreads(1), codec);
        var hz = cluster.members().get(0).hazelcast();
        hz.getConfig().addMapConfig(new MapConfig("one").setBackupCount(1));
        hz.getConfig().addMapConfig(new MapConfig("two").setBackupCount(2));
        hz.getConfig().addMapConfig(new MapConfig("none").setBackupCount(0));
        tables = cluster.members().stream().map(LodestoneMember::partitions).toList();
        Awaitility.await("map configurations on every member").atMost(Duration.ofSeconds(30)).until(() ->
                cluster.members().stream().allMatch(m -> m.hazelcast().getConfig().getMapConfigOrNull("none") != null));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static long count(Predicate<PartitionTable> p) {
        return tables.stream().filter(p).count();
    }

    @Test
    void withOneBackupEachPartitionHasOneOwnerOneBackupHolderAndOneMemberWithoutData() {
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            assertThat(count(t -> t.ownedLocally(partition))).as("owners of %d", p).isEqualTo(1);
            assertThat(count(t -> t.backupLocally(partition, "one"))).as("backup holders of %d", p).isEqualTo(1);
            assertThat(count(t -> t.ownedLocally(partition) && t.backupLocally(partition, "one"))).isZero();
            assertThat(count(t -> !t.ownedLocally(partition) && !t.backupLocally(partition, "one"))).isEqualTo(1);
            // the partition table itself names every member a replica: the backup count is what limits the data
            assertThat(tables.stream().map(t -> t.replicaIndex(partition)).sorted().toList()).containsExactly(0, 1, 2);
            assertThat(count(t -> t.replicaIndex(partition) == 1 && t.backupLocally(partition, "one"))).isEqualTo(1);
        }
    }

    @Test
    void withTwoBackupsBothOtherMembersHoldOneAndWithNoneNobodyDoes() {
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            assertThat(count(t -> t.backupLocally(partition, "two"))).as("backup holders of %d", p).isEqualTo(2);
            assertThat(count(t -> t.ownedLocally(partition) && t.backupLocally(partition, "two"))).isZero();
            assertThat(count(t -> t.backupLocally(partition, "none"))).isZero();
        }
    }

    @Test
    void aTaskWithoutAMapUsesTheDefaultBackupCountOfOne() {
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            assertThat(count(t -> t.backupLocally(partition, null))).isEqualTo(1);
        }
    }
}
