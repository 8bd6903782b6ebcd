package dev.lodestone.runtime.job;

/** Names of the internal maps that hold durable jobs. The {@code __} prefix keeps them out of users' way. */
public final class JobMaps {

    /** Job id to {@link JobRecord}. */
    public static final String JOBS = "__lodestone.jobs";
    /** {@link JobTaskKey} to {@link StoredTask}: every task of every durable job, in its affinity partition. */
    public static final String TASKS = "__lodestone.job.tasks";
    /** The flake id generator that numbers jobs. */
    public static final String IDS = "__lodestone.job.ids";

    private JobMaps() {
    }
}
