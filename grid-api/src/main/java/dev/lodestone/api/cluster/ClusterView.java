package dev.lodestone.api.cluster;

import java.util.List;

/**
 * The cluster as this client sees it.
 *
 * <pre>{@code
 * ClusterView c = grid.cluster();
 * System.out.println(c.name() + ": " + c.members().size() + " members, " + c.partitionCount() + " partitions");
 * }</pre>
 */
public interface ClusterView {

    /** The cluster's name. */
    String name();

    /** The data members, oldest first. */
    List<MemberInfo> members();

    /** How many partitions maps are split into. */
    int partitionCount();

    /** The member that owns {@code partition} now. */
    MemberInfo ownerOf(int partition);

    /** Asks every member for its counters; members that do not answer within a second are left out. */
    List<MemberStatus> status();
}
