package dev.lodestone.runtime.member;

import dev.lodestone.runtime.transport.Connection;

/**
 * Where a task's result goes: the client's connection for a task sent here, or the lending member
 * for a task stolen from another member's queue (which passes the result on to the client).
 *
 * <p>THREADING: implementations are called by workers and connection readers concurrently.
 */
interface TaskOrigin {

    /** The submitter whose task it is. */
    long clientId();

    /** The task with this sequence is answered: stop tracking it. */
    void forget(long seq);

    /** Tracks {@code task} in place of {@code old} under the same sequence (a task run again as its next attempt). */
    void replace(MemberTask old, MemberTask task);

    /**
     * Called by the worker just before it runs the task: false means another member has it (a durable task
     * claimed elsewhere), so it must not run here. Plain origins always say yes.
     */
    default boolean claim(MemberTask task) {
        return true;
    }

    /** The durable job the origin's tasks belong to, if any. */
    default java.util.Optional<String> jobId() {
        return java.util.Optional.empty();
    }

    /**
     * Whether the origin stores its tasks' outcomes before they are final (durable jobs): then it, not the worker,
     * tells the {@link OutcomePublisher} once an outcome is stored.
     */
    default boolean storesOutcome() {
        return false;
    }

    /** Sends a RESULT record for one of the origin's tasks. */
    void reply(byte[] resultRecord);

    /**
     * Sends a RESULT record that may wait, a bounded time, to share a frame with the results after it
     * ({@link Connection#sendSoon}): for a worker that will flush once its queue is empty.
     *
     * @return the connection to flush, when the record waits; null when it went at once
     */
    default Connection replySoon(byte[] resultRecord) {
        reply(resultRecord);
        return null;
    }
}
