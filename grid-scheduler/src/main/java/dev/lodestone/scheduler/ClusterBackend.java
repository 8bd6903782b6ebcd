package dev.lodestone.scheduler;

import java.util.List;

/**
 * The scheduler's view of the cluster: which members there are and where each partition's data
 * lives. The scheduling rules ({@link MemberScheduler}, {@link LocalityLadder}, {@link StealPolicy})
 * ask it, never Hazelcast directly, so they run unchanged against {@link InMemoryBackend} in unit
 * tests and against the runtime's Hazelcast backend in a cluster. One contract test runs against
 * both.
 *
 * <pre>{@code
 * ClusterBackend backend = ...;
 * if (backend.relation(backend.localMember(), partition) == Relation.BACKUP) {
 *     // this member may run a read-only task of that partition
 * }
 * }</pre>
 *
 * <p>THREADING: implementations are thread-safe. Answers describe the partition table as the
 * implementation last saw it; during a migration two members may briefly disagree, which the
 * runtime handles (a task that reaches a member that no longer owns its partition is routed again).
 */
public interface ClusterBackend {

    /** This member's name. */
    String localMember();

    /** Every member's name, this one included, in the cluster's order (oldest first). */
    List<String> members();

    /** How many partitions the data is split into; partitions are {@code 0 .. partitionCount() - 1}. */
    int partitionCount();

    /**
     * The member that owns {@code partition}, or null while it has no owner (before first assignment).
     *
     * @throws IllegalArgumentException when {@code partition} is outside {@code 0 .. partitionCount() - 1}
     */
    String ownerOf(int partition);

    /**
     * The members that hold a backup of {@code partition}, first backup first; empty when it has none.
     * Never contains the owner.
     *
     * @throws IllegalArgumentException when {@code partition} is outside {@code 0 .. partitionCount() - 1}
     */
    List<String> backupsOf(int partition);

    /**
     * How {@code member} stands to {@code partition}'s data.
     *
     * @throws IllegalArgumentException when {@code partition} is outside {@code 0 .. partitionCount() - 1}
     */
    default Relation relation(String member, int partition) {
        if (member.equals(ownerOf(partition))) {
            return Relation.OWNER;
        }
        return backupsOf(partition).contains(member) ? Relation.BACKUP : Relation.OTHER;
    }
}
