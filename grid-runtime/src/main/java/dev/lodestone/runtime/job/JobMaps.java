package dev.lodestone.runtime.job;

/** Names of the internal maps that hold durable jobs. The {@code __} prefix keeps them out of users' way. */
public final class JobMaps {

    /** Job id to {@link JobRecord}. */
    public static final String JOBS = "__lodestone.jobs";
    /** {@link JobTaskKey} to {@link StoredTask}: every task of every durable job, in its affinity partition. */
    public static final String TASKS = "__lodestone.job.tasks";
    /** Job id to {@link JobTally}: how far each job has got, for its job events. */
    public static final String TALLIES = "__lodestone.job.tallies";
    /**
     * Member uuid to name, for members that are stopping (written when a graceful stop begins, expiring on its
     * own): lets clients tell a cluster that is shutting down from one that is only moving partitions.
     */
    public static final String STOPPING = "__lodestone.stopping";
    /** The flake id generator that numbers jobs. */
    public static final String IDS = "__lodestone.job.ids";

    private JobMaps() {
    }
}
