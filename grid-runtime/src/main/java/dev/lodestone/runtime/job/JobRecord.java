package dev.lodestone.runtime.job;

/**
 * What the grid keeps about a durable job as a whole.
 *
 * @param id              the job id
 * @param name            the name it was submitted under
 * @param tasks           how many tasks it has
 * @param submittedMillis when it was submitted (epoch ms)
 * @param submitter       the client that submitted it
 * @param retentionMillis how long results stay after a task finishes
 * @param partitions      each task's partition, by index: a task whose entry is gone can still be named with it
 */
public record JobRecord(String id, String name, int tasks, long submittedMillis, String submitter, long retentionMillis,
                        int[] partitions) {
}
