package dev.lodestone.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestone.api.EmbeddedOptions;
import dev.lodestone.runtime.serial.KryoCodec;
import dev.lodestone.runtime.serial.TypeRegistrations;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link EmbeddedCluster}'s isolation: a cluster in this JVM is its own, whatever else runs beside it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedClusterIT {

    /**
     * Regression: every embedded cluster names its members embedded-1, embedded-2, ..., and the member
     * used that name as its Hazelcast instance name, which Hazelcast keeps unique per JVM; a second
     * cluster started while the first ran failed with "HazelcastInstance with name 'embedded-1'
     * already exists".
     */
    @Test
    void twoEmbeddedClustersCouldNotRunSideBySideInOneJvm() {
        KryoCodec codec = new KryoCodec(TypeRegistrations.fromClassPath(getClass().getClassLoader()));
        EmbeddedOptions one = EmbeddedOptions.members(1).withPartitions(7).withWorkerThreads(1);
        try (EmbeddedCluster first = EmbeddedCluster.start(one, codec);
             EmbeddedCluster second = EmbeddedCluster.start(one, codec)) {
            assertThat(first.clusterName()).isNotEqualTo(second.clusterName());
            assertThat(first.members().get(0).name()).isEqualTo(second.members().get(0).name()).isEqualTo("embedded-1");
            assertThat(first.members().get(0).hazelcast().getCluster().getMembers()).hasSize(1);
            assertThat(second.members().get(0).hazelcast().getCluster().getMembers()).hasSize(1);
        }
    }
}
