package dev.lodestone.runtime.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartition;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import dev.lodestone.scheduler.Relation;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link HazelcastBackend} must get right about Hazelcast itself, beyond the contract that
 * {@link HazelcastBackendContractIT} runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HazelcastBackendIT {

    /**
     * Regression: Hazelcast fills every replica slot its member count allows, whatever the maps'
     * backup count, and the backend called every member in any slot a backup holder. With two members
     * and no backups, the second member was a BACKUP of every partition it did not own, though it
     * held no copy, so read-only tasks were lent to it a whole rung early.
     */
    @Test
    void membersInReplicaSlotsBeyondTheBackupCountWereCalledBackupHolders() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(getClass().getClassLoader()));
        try (EmbeddedCluster cluster = EmbeddedCluster.start(
                EmbeddedOptions.members(2).withPartitions(11).withBackups(0).withWorkerThreads(1), codec)) {
            LodestoneMember first = cluster.members().get(0);
            HazelcastBackend backend = new HazelcastBackend(first.hazelcast());
            var table = ((HazelcastInstanceProxy) first.hazelcast()).getOriginal().node.getPartitionService();
            for (int p = 0; p < backend.partitionCount(); p++) {
                InternalPartition partition = table.getPartition(p, false);
                assertThat(partition.getReplica(1)).as("Hazelcast's second replica slot of partition %d, filled anyway", p)
                        .isNotNull();
                String owner = backend.ownerOf(p);
                String other = backend.members().stream().filter(m -> !m.equals(owner)).findFirst().orElseThrow();
                assertThat(backend.backupsOf(p)).as("backups of partition %d with no backups configured", p).isEmpty();
                assertThat(backend.relation(other, p)).as("%s to partition %d", other, p).isEqualTo(Relation.OTHER);
            }
        }
    }
}
