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

    /** Sends a RESULT record for one of the origin's tasks. */
    void reply(byte[] resultRecord);
}
