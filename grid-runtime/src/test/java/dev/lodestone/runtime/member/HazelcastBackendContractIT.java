package dev.lodestone.runtime.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.runtime.embedded.EmbeddedCluster;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import dev.lodestone.scheduler.ClusterBackend;
import dev.lodestone.scheduler.ClusterBackendContract;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ClusterBackendContract} for {@link HazelcastBackend}: three real members on loopback with one
 * backup, the backend over the first (oldest) of them. A leave is {@link LodestoneMember#close()}, the
 * orderly stop that lets Hazelcast migrate the member's partitions first; the table has settled when
 * the backend passes the check and Hazelcast's own public partition service, asked on the remaining
 * members, names only remaining members as owners.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HazelcastBackendContractIT extends ClusterBackendContract {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Override
    protected Fixture start() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(getClass().getClassLoader()));
        EmbeddedCluster cluster = EmbeddedCluster.start(
                EmbeddedOptions.members(MEMBERS).withPartitions(23).withBackups(BACKUPS).withWorkerThreads(1), codec);
        HazelcastInstance local = cluster.members().get(0).hazelcast();
        HazelcastBackend backend = new HazelcastBackend(local);
        return new Fixture() {
            @Override
            public ClusterBackend backend() {
                return backend;
            }

            @Override
            public void removeMember(String member) {
                LodestoneMember leaver = cluster.members().stream().filter(m -> m.name().equals(member)).findFirst()
                        .orElseThrow(() -> new AssertionError("no member " + member + " in " + cluster.addresses()));
                leaver.close();
            }

            @Override
            public void awaitSettled(Runnable check) {
                Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    check.run();
                    assertOwnedByLiveMembers(cluster);
                });
            }

            @Override
            public void close() {
                cluster.close();
            }
        };
    }

    /** Asked of Hazelcast itself, on every member still running: each partition's owner is one of them. */
    private static void assertOwnedByLiveMembers(EmbeddedCluster cluster) {
        for (LodestoneMember m : cluster.members()) {
            HazelcastInstance hz = m.hazelcast();
            if (!hz.getLifecycleService().isRunning()) {
                continue;
            }
            Set<UUID> live = hz.getCluster().getMembers().stream().map(Member::getUuid).collect(Collectors.toSet());
            assertThat(hz.getPartitionService().isClusterSafe()).as("cluster safe, seen from %s", m.name()).isTrue();
            for (Partition p : hz.getPartitionService().getPartitions()) {
                Member owner = p.getOwner();
                assertThat(owner).as("owner of partition %d, seen from %s", p.getPartitionId(), m.name()).isNotNull();
                assertThat(live).as("live members, seen from %s, owning partition %d", m.name(), p.getPartitionId())
                        .contains(owner.getUuid());
            }
        }
    }
}
