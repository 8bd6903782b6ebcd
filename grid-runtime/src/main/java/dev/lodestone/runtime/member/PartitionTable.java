package dev.lodestone.runtime.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

/**
 * Partition ownership as seen by this member, by partition id, and one key per partition so a
 * task can scan its partition with a Hazelcast partition predicate (served locally, no network).
 *
 * <p>THREADING: thread-safe; the key table is built once, lazily, and then read-only.
 */
final class PartitionTable {

    private final PartitionService service;
    private final Partition[] byId;
    private volatile Integer[] keyOfPartition;

    PartitionTable(HazelcastInstance hz) {
        this.service = hz.getPartitionService();
        int count = service.getPartitions().size();
        this.byId = new Partition[count];
        for (Partition p : service.getPartitions()) {
            byId[p.getPartitionId()] = p; // live views: getOwner() reads the current table
        }
    }

    int count() {
        return byId.length;
    }

    /** True if this member owns the partition now. */
    boolean ownedLocally(int partition) {
        Member owner = byId[partition].getOwner();
        return owner != null && owner.localMember();
    }

    /** How many partitions this member owns now. */
    int ownedCount() {
        int n = 0;
        for (int p = 0; p < byId.length; p++) {
            if (ownedLocally(p)) {
                n++;
            }
        }
        return n;
    }

    /** A predicate that selects every entry of {@code partition}, evaluated on that partition only. */
    <K, V> Predicate<K, V> wholePartition(int partition) {
        return Predicates.partitionPredicate(keyOf(partition), Predicates.alwaysTrue());
    }

    private Integer keyOf(int partition) {
        Integer[] keys = keyOfPartition;
        if (keys == null) {
            keys = buildKeys();
            keyOfPartition = keys;
        }
        return keys[partition];
    }

    /** Integers 0, 1, 2, ... until every partition has one; about n·ln(n) hash computations, once. */
    private Integer[] buildKeys() {
        Integer[] keys = new Integer[byId.length];
        int missing = keys.length;
        for (int i = 0; missing > 0; i++) {
            int p = service.getPartition(i).getPartitionId();
            if (keys[p] == null) {
                keys[p] = i;
                missing--;
            }
        }
        return keys;
    }
}
