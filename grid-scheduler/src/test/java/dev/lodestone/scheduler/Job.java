package dev.lodestone.scheduler;

/**
 * A queued task as the queue sees it, for tests: equal when all three fields are.
 *
 * <pre>{@code
 * queue.offer(Job.of(Priority.LOW.ordinal(), 7, 1));
 * }</pre>
 */
record Job(int priorityLevel, long submitterId, long sequence) implements Schedulable {

    static Job of(int level, long submitter, long sequence) {
        return new Job(level, submitter, sequence);
    }

    @Override
    public String toString() {
        return "L" + priorityLevel + "/" + submitterId + "#" + sequence;
    }
}
