package dev.lodestone.runtime.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.PartitionReplica;
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

    private final HazelcastInstance hz;
    private final PartitionService service;
    private final Partition[] byId;
    /** Hazelcast's own node, for the backup replicas its public API does not show; null if hz is not a member. */
    private final Node node;
    private volatile Integer[] keyOfPartition;

    PartitionTable(HazelcastInstance hz) {
        this.hz = hz;
        this.service = hz.getPartitionService();
        this.node = nodeOf(hz);
        int count = service.getPartitions().size();
        this.byId = new Partition[count];
        for (Partition p : service.getPartitions()) {
            byId[p.getPartitionId()] = p; // live views: getOwner() reads the current table
        }
    }

    /**
     * True once the cluster has assigned its partitions. Until a first use does, asking who owns one would assign
     * them all to the members there are so far, and every member that joins next would wait for a rebalance.
     */
    boolean assigned() {
        return node == null || node.getPartitionService() instanceof com.hazelcast.internal.partition.impl.InternalPartitionServiceImpl s
                && s.isPartitionAssignmentDone();
    }

    int count() {
        return byId.length;
    }

    /**
     * True if this member owns the partition now. Asked about three times per task (on arrival, at start, for the
     * metrics), so it reads the owner replica from Hazelcast's internal table and compares UUIDs: the public
     * {@code Partition.getOwner()} resolves the replica to a {@code Member} through the member map, by address,
     * which took a fifth of a worker's time at 400,000 tasks a second. With no owner in that table yet (partitions
     * not assigned) it asks the public API, which assigns them as it always did.
     */
    boolean ownedLocally(int partition) {
        if (node != null) {
            PartitionReplica owner = node.getPartitionService().getPartition(partition, false).getOwnerReplicaOrNull();
            if (owner != null) {
                return owner.uuid().equals(node.getThisUuid());
            }
        }
        Member owner = byId[partition].getOwner();
        return owner != null && owner.localMember();
    }

    /**
     * True if this member holds a backup of the partition's data for {@code mapName} now: its replica index
     * in the partition table this member sees is 1 or higher, up to the map's backup count (sync plus async).
     * The partition table names a replica for every index up to the member count (at most 7) whatever the
     * maps' backup counts, so the index alone would overstate it: with backup count 1 only replica 1 holds
     * the data. {@code mapName} null reads the default map configuration.
     *
     * <p>Hazelcast's public API names owners only; the replicas come from its internal partition service
     * ({@code InternalPartition#getReplica}), read without triggering partition assignment. False for the
     * owner itself, and when that service is not reachable.
     */
    boolean backupLocally(int partition, String mapName) {
        if (node == null) {
            return false;
        }
        int backups = Math.min(hz.getConfig().findMapConfig(mapName == null ? "default" : mapName).getTotalBackupCount(),
                InternalPartition.MAX_REPLICA_COUNT - 1);
        if (backups == 0) {
            return false;
        }
        InternalPartition p = node.getPartitionService().getPartition(partition, false);
        Member local = node.getLocalMember();
        for (int i = 1; i <= backups; i++) {
            PartitionReplica r = p.getReplica(i);
            if (r != null && r.isIdentical(local)) {
                return true;
            }
        }
        return false;
    }

    /** This member's replica index of the partition (0 owner, 1 first backup, ...), or -1 if it holds none. */
    int replicaIndex(int partition) {
        if (node == null) {
            return -1;
        }
        InternalPartition p = node.getPartitionService().getPartition(partition, false);
        Member local = node.getLocalMember();
        for (int i = 0; i < InternalPartition.MAX_REPLICA_COUNT; i++) {
            PartitionReplica r = p.getReplica(i);
            if (r != null && r.isIdentical(local)) {
                return i;
            }
        }
        return -1;
    }

    private static Node nodeOf(HazelcastInstance hz) {
        if (hz instanceof HazelcastInstanceProxy proxy) {
            return proxy.getOriginal().node;
        }
        if (hz instanceof HazelcastInstanceImpl impl) {
            return impl.node;
        }
        return null;
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
