package dev.lodestone.runtime.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.PartitionReplica;
import dev.lodestone.scheduler.ClusterBackend;
import dev.lodestone.scheduler.Relation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The scheduler's view of a Hazelcast cluster: members by their Lodestone names, partition owners and
 * backup holders from Hazelcast's own partition table.
 *
 * <p>Why an internal API: Hazelcast's public {@code PartitionService} names only each partition's
 * owner; which members hold its backups (the second rung of the locality ladder) is known only to the
 * member's internal partition service. It is read without triggering partition assignment, so asking
 * before the first map access does not assign every partition to the first member.
 *
 * <p>Which replicas are backups: Hazelcast fills every replica slot its member count allows (up to
 * seven), whatever the maps' backup count, so that a larger count can be served later; with three
 * members and one backup, the third slot names a member that holds no copy. Only the first
 * {@code backups} backup slots count here, {@code backups} being the total backup count (sync and
 * async) of the {@code default} map configuration unless given. A map created with another count
 * is read with this one: with more backups, its extra copies are not used for locality; with fewer,
 * a member called a backup holder reads that map over the network.
 *
 * <p>THREADING: thread-safe. The name table is replaced whole on each membership change (copy on
 * write); Hazelcast's partition table is its own concurrent structure.
 */
public final class HazelcastBackend implements ClusterBackend {

    private final HazelcastInstance hz;
    private final InternalPartitionService partitions;
    private final int partitionCount;
    private final int backups;
    private volatile Map<UUID, String> names;

    /**
     * Reads {@code hz}'s cluster, counting as many backups as its {@code default} map configuration
     * keeps; {@code hz} must be a member, not a client.
     */
    public HazelcastBackend(HazelcastInstance hz) {
        this(hz, hz.getConfig().findMapConfig("default").getTotalBackupCount());
    }

    /**
     * Reads {@code hz}'s cluster, counting the first {@code backups} backup replicas of each partition
     * as its backups; {@code hz} must be a member, not a client.
     *
     * @throws IllegalArgumentException when {@code backups} is outside {@code 0..6}
     */
    public HazelcastBackend(HazelcastInstance hz, int backups) {
        if (backups < 0 || backups >= InternalPartition.MAX_REPLICA_COUNT) {
            throw new IllegalArgumentException("backups must be 0.." + (InternalPartition.MAX_REPLICA_COUNT - 1) + ", got " + backups);
        }
        this.hz = hz;
        this.backups = backups;
        this.partitions = internal(hz).node.getPartitionService();
        this.partitionCount = partitions.getPartitionCount();
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                refreshNames();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                refreshNames();
            }
        });
        refreshNames();
    }

    private static HazelcastInstanceImpl internal(HazelcastInstance hz) {
        if (hz instanceof HazelcastInstanceProxy proxy) {
            return proxy.getOriginal();
        }
        if (hz instanceof HazelcastInstanceImpl impl) {
            return impl;
        }
        throw new IllegalArgumentException("a Hazelcast member instance is needed, got " + hz.getClass().getName());
    }

    private void refreshNames() {
        Map<UUID, String> m = new HashMap<>();
        for (Member member : hz.getCluster().getMembers()) {
            m.put(member.getUuid(), nameOf(member));
        }
        names = Map.copyOf(m);
    }

    /** A member's Lodestone name, or its address when it has none (a plain Hazelcast member). */
    static String nameOf(Member member) {
        String name = member.getAttribute(LodestoneMember.ATTR_NAME);
        return name != null ? name : member.getAddress().toString();
    }

    @Override
    public String localMember() {
        return nameOf(hz.getCluster().getLocalMember());
    }

    @Override
    public List<String> members() {
        List<String> out = new ArrayList<>();
        for (Member member : hz.getCluster().getMembers()) {
            out.add(nameOf(member));
        }
        return out;
    }

    @Override
    public int partitionCount() {
        return partitionCount;
    }

    @Override
    public String ownerOf(int partition) {
        return nameOf(partition(partition).getReplica(0));
    }

    @Override
    public List<String> backupsOf(int partition) {
        InternalPartition p = partition(partition);
        List<String> out = new ArrayList<>(backups);
        for (int i = 1; i <= backups; i++) {
            String name = nameOf(p.getReplica(i));
            if (name != null) {
                out.add(name);
            }
        }
        return out;
    }

    @Override
    public Relation relation(String member, int partition) {
        InternalPartition p = partition(partition);
        for (int i = 0; i <= backups; i++) {
            if (member.equals(nameOf(p.getReplica(i)))) {
                return i == 0 ? Relation.OWNER : Relation.BACKUP;
            }
        }
        return Relation.OTHER;
    }

    private InternalPartition partition(int partition) {
        if (partition < 0 || partition >= partitionCount) {
            throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (partitionCount - 1));
        }
        return partitions.getPartition(partition, false);
    }

    private String nameOf(PartitionReplica replica) {
        if (replica == null) {
            return null;
        }
        String name = names.get(replica.uuid());
        return name != null ? name : replica.address().toString();
    }
}
