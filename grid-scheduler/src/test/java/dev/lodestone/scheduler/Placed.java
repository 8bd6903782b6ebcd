package dev.lodestone.scheduler;

import dev.lodestone.api.task.Locality;

/**
 * A queued task as the locality rules see it, for tests; equal when every field is, and its name
 * makes each one distinct.
 *
 * <pre>{@code
 * Placed t = Placed.of("t1", clock.nanoTime()).on(0, Locality.BACKUP);
 * }</pre>
 */
record Placed(String name, int priorityLevel, long submitterId, long sequence, long enqueuedNanos,
              int partition, Locality locality, boolean movable) implements Placeable {

    /** A movable task without affinity, at level 2 (NORMAL), of submitter 1, sequence 1. */
    static Placed of(String name, long enqueuedNanos) {
        return new Placed(name, 2, 1, 1, enqueuedNanos, -1, Locality.OWNER, true);
    }

    Placed on(int newPartition, Locality newLocality) {
        return new Placed(name, priorityLevel, submitterId, sequence, enqueuedNanos, newPartition, newLocality, movable);
    }

    Placed level(int newLevel) {
        return new Placed(name, newLevel, submitterId, sequence, enqueuedNanos, partition, locality, movable);
    }

    Placed by(long submitter, long newSequence) {
        return new Placed(name, priorityLevel, submitter, newSequence, enqueuedNanos, partition, locality, movable);
    }

    Placed pinned() {
        return new Placed(name, priorityLevel, submitterId, sequence, enqueuedNanos, partition, locality, false);
    }

    @Override
    public String toString() {
        return name + "[L" + priorityLevel + " p" + partition + " " + locality + (movable ? "" : " pinned") + "]";
    }
}
