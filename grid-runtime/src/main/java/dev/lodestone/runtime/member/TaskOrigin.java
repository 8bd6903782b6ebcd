package dev.lodestone.runtime.member;

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

    /** Sends a RESULT record for one of the origin's tasks. */
    void reply(byte[] resultRecord);
}
