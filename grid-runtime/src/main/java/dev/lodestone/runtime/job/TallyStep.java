package dev.lodestone.runtime.job;

/**
 * What a change to a {@link JobTally} did.
 *
 * @param tally        the tally after it
 * @param finishedNow  whether this change finished the job: its FINISHED event is the changer's to publish
 */
public record TallyStep(JobTally tally, boolean finishedNow) {
}
