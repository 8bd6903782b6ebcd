package dev.lodestone.scheduler;

/**
 * How a member stands to a partition's data, from closest to farthest; the rungs of the locality
 * ladder.
 *
 * <pre>{@code
 * Relation r = backend.relation("member-2", 17); // BACKUP: member-2 holds a copy of partition 17
 * }</pre>
 */
public enum Relation {
    /** The member owns the partition: reads and writes are local. */
    OWNER,
    /** The member holds a backup replica of the partition: reads can be local, writes go to the owner. */
    BACKUP,
    /** The member has none of the partition's data: every access goes over the network. */
    OTHER;

    /** Whether a member standing in this relation is at least as close as {@code loosest}. */
    public boolean within(Relation loosest) {
        return ordinal() <= loosest.ordinal();
    }
}
