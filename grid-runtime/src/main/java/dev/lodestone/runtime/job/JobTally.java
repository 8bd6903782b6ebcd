package dev.lodestone.runtime.job;

/**
 * How far a durable job has got, as the members that run its tasks report it: the source of its job events.
 *
 * @param id            the job id
 * @param name          the name it was submitted under
 * @param total         how many tasks it has
 * @param succeeded     tasks reported stored with a result
 * @param failed        tasks reported stored as failed for good
 * @param lost          tasks found missing when it was finished by a count of its entries
 * @param finished      whether its FINISHED event was published (it is, once)
 * @param changedMillis when a report last changed it (epoch ms)
 */
public record JobTally(String id, String name, int total, int succeeded, int failed, int lost, boolean finished,
                       long changedMillis) {

    /** A new job's tally, nothing done yet. */
    public static JobTally start(String id, String name, int total, long nowMillis) {
        return new JobTally(id, name, total, 0, 0, 0, total == 0, nowMillis);
    }

    /** Tasks with an outcome, as counted so far. */
    public int done() {
        return succeeded + failed + lost;
    }
}
