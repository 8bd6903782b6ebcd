package dev.lodestone.runtime.job;

/**
 * One task of a durable job as the grid holds it. Immutable: every change is a new value written by an entry
 * processor on the partition's owner (and its backups), so two members never both think they run it.
 *
 * <p>States: {@link #PENDING} (to run, not before {@code notBeforeMillis}), {@link #RUNNING} (claimed by the member
 * {@code runnerId} for attempt {@code attempt}), {@link #DONE} (its RESULT record is in {@code result}; the payload
 * is dropped). A RUNNING entry whose runner left the cluster is run again by the partition's owner as attempt + 1.
 *
 * @param job             the job number
 * @param jobId           the job id
 * @param index           the task's position in the job
 * @param partition       its partition
 * @param mapName         the map its affinity names, or null
 * @param priority        its priority level
 * @param timeoutMillis   its timeout per attempt, 0 for none
 * @param maxAttempts     how many attempts it may have
 * @param backoffMillis   the wait before its second attempt after a failure (doubling after)
 * @param retentionMillis how long its result is kept once DONE
 * @param payload         the serialized task, null once DONE
 * @param state           PENDING, RUNNING or DONE
 * @param attempt         the attempt it is at: the one running, or the next to run
 * @param runnerId        the member (Hazelcast uuid) that runs it, while RUNNING; the last one after
 * @param runner          that member's name
 * @param notBeforeMillis a PENDING task waiting out a back-off does not start before this (epoch ms)
 * @param startedMillis   when the current or last attempt started (epoch ms)
 * @param finishedMillis  when it became DONE (epoch ms)
 * @param result          the RESULT record of the last attempt that ended (DONE: its outcome), or null
 */
public record StoredTask(long job, String jobId, long index, int partition, String mapName, int priority, long timeoutMillis,
                         int maxAttempts, long backoffMillis, long retentionMillis, byte[] payload, byte state, int attempt,
                         String runnerId, String runner, long notBeforeMillis, long startedMillis, long finishedMillis, byte[] result) {

    /** Waiting to run. */
    public static final byte PENDING = 0;
    /** Claimed by a member. */
    public static final byte RUNNING = 1;
    /** Finished for good: succeeded, or failed after its last attempt. */
    public static final byte DONE = 2;

    /** A fresh task, attempt 1. */
    public static StoredTask pending(long job, String jobId, long index, int partition, String mapName, int priority, long timeoutMillis,
                                     int maxAttempts, long backoffMillis, long retentionMillis, byte[] payload) {
        return new StoredTask(job, jobId, index, partition, mapName, priority, timeoutMillis, maxAttempts, backoffMillis,
                retentionMillis, payload, PENDING, 1, null, null, 0, 0, 0, null);
    }

    /** Claimed for attempt {@code newAttempt} by {@code newRunnerId}. */
    public StoredTask claimed(int newAttempt, String newRunnerId, String newRunner, long nowMillis) {
        return new StoredTask(job, jobId, index, partition, mapName, priority, timeoutMillis, maxAttempts, backoffMillis,
                retentionMillis, payload, RUNNING, newAttempt, newRunnerId, newRunner, 0, nowMillis, 0, result);
    }

    /** Back to PENDING as the next attempt, not before {@code notBefore}, keeping the failed attempt's record. */
    public StoredTask retry(byte[] failedRecord, long notBefore) {
        return new StoredTask(job, jobId, index, partition, mapName, priority, timeoutMillis, maxAttempts, backoffMillis,
                retentionMillis, payload, PENDING, attempt + 1, runnerId, runner, notBefore, startedMillis, 0, failedRecord);
    }

    /** Finished for good with this RESULT record; the payload is no longer needed. */
    public StoredTask done(byte[] record, long nowMillis) {
        return new StoredTask(job, jobId, index, partition, mapName, priority, timeoutMillis, maxAttempts, backoffMillis,
                retentionMillis, null, DONE, attempt, runnerId, runner, 0, startedMillis, nowMillis, record);
    }

    /** True while RUNNING on a member not in {@code liveMembers}, or PENDING. */
    public boolean needsRun(java.util.Set<String> liveMembers) {
        return state == PENDING || state == RUNNING && !liveMembers.contains(runnerId);
    }
}
