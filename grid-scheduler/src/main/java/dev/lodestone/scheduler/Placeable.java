package dev.lodestone.scheduler;

import dev.lodestone.api.task.Locality;

/**
 * A queued task as the locality rules see it: which partition's data it wants and how strictly.
 * {@link #enqueuedNanos()} is when it arrived at the member that queued it; the locality ladder
 * counts its wait from there.
 *
 * <pre>{@code
 * final class QueuedTask implements Placeable {
 *     public int partition() { return partition; }           // -1: no affinity
 *     public Locality locality() { return Locality.BACKUP; } // read-only task
 *     public boolean movable() { return !broadcast; }        // a broadcast copy belongs to its member
 *     ...
 * }
 * }</pre>
 */
public interface Placeable extends Schedulable {

    /** The partition whose data the task uses, or -1 when it has no affinity. */
    int partition();

    /** How strictly the task must run where its data is. */
    Locality locality();

    /**
     * Whether another member may ever run it. False for a broadcast copy (it is meant for this member)
     * and for a task already taken from another member (it is not passed on again).
     */
    boolean movable();
}
