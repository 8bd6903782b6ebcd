package dev.lodestone.scheduler;

import dev.lodestone.api.task.Locality;

/**
 * Delay scheduling: how far from its data a queued task may run, given how long it has waited at
 * its partition's owner.
 *
 * <p>A task starts on the rung its client sent it to, the owner. Each {@link #waitNanos()} it waits
 * there loosens it by one rung, as far as its {@link Locality} allows:
 * <pre>
 *   waited &lt; w        : OWNER only
 *   w &lt;= waited &lt; 2w : BACKUP holders too     (Locality.BACKUP or ANY)
 *   2w &lt;= waited      : any member            (Locality.ANY)
 * </pre>
 * So a backup holder, whose copy makes reads local, always gets a loose task a full wait before
 * a member that would read it over the network. A task without affinity has no data to be near:
 * any member may take it at once. A task that is not {@link Placeable#movable() movable} never
 * leaves. With {@code w = 0} the ladder is flat: loose tasks may go anywhere their locality allows
 * at once. This is Spark's delay scheduling with one wait per level.
 *
 * <pre>{@code
 * LocalityLadder ladder = LocalityLadder.ofMillis(20);
 * if (ladder.allows(task, backend.relation(thief, task.partition()), clock.nanoTime())) { ... }
 * }</pre>
 *
 * <p>Immutable.
 *
 * @param waitNanos the wait per rung, {@code >= 0}
 */
public record LocalityLadder(long waitNanos) {

    /** Checks the wait. */
    public LocalityLadder {
        if (waitNanos < 0) {
            throw new IllegalArgumentException("locality wait must be >= 0, got " + waitNanos + " ns");
        }
    }

    /** A ladder with this wait per rung, in milliseconds. */
    public static LocalityLadder ofMillis(long millis) {
        return new LocalityLadder(Math.multiplyExact(millis, 1_000_000L));
    }

    /**
     * The farthest relation a member may have to {@code task}'s partition and still run it at
     * {@code nowNanos}; {@link Relation#OWNER} for a task that may not move (yet).
     */
    public Relation loosest(Placeable task, long nowNanos) {
        if (!task.movable()) {
            return Relation.OWNER;
        }
        if (task.partition() < 0) {
            return Relation.OTHER;
        }
        Locality locality = task.locality();
        if (locality == Locality.OWNER) {
            return Relation.OWNER;
        }
        long waited = nowNanos - task.enqueuedNanos();
        if (task.enqueuedNanos() == Schedulable.UNTIMED || waited < waitNanos) {
            return Relation.OWNER;
        }
        if (locality == Locality.ANY && waited - waitNanos >= waitNanos) {
            return Relation.OTHER;
        }
        return Relation.BACKUP;
    }

    /** Whether a member standing in {@code relation} to the task's partition may run it at {@code nowNanos}. */
    public boolean allows(Placeable task, Relation relation, long nowNanos) {
        return relation.within(loosest(task, nowNanos));
    }

    /** Whether the task could ever leave its member: movable, and either without affinity or not {@link Locality#OWNER}. */
    public static boolean loose(Placeable task) {
        return task.movable() && (task.partition() < 0 || task.locality() != Locality.OWNER);
    }
}
