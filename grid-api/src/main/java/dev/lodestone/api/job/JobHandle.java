package dev.lodestone.api.job;

import dev.lodestone.api.task.TaskId;
import java.util.concurrent.CompletableFuture;

/**
 * A durable job: its tasks are held by the grid with backups, run on their partitions' owners, and their
 * results are kept for the job's retention. A handle from {@link dev.lodestone.api.Grid#job(String)} in another
 * process sees the same results.
 *
 * <pre>{@code
 * JobHandle<Integer> job = grid.submitJob("lengths", tasks, JobOptions.defaults());
 * String id = job.id();                       // keep it: grid.job(id) finds the job from any client
 * JobStatus done = job.completion().join();   // every task succeeded, failed for good, or was lost
 * int first = job.result(0).join();
 * }</pre>
 *
 * <p>Each task's future completes exactly once, with its result, its last error ({@link
 * dev.lodestone.api.task.TaskFailedException} carrying the attempt count) or a {@link
 * dev.lodestone.api.task.TaskLostException}.
 *
 * @param <R> the tasks' result type
 */
public interface JobHandle<R> {

    /** The job id, unique in the cluster. */
    String id();

    /** The name it was submitted under. */
    String name();

    /** How many tasks it has. */
    int size();

    /** The id of task {@code index} (0-based, in submission order); its context sees the same. */
    TaskId taskId(int index);

    /** The result of task {@code index}. */
    CompletableFuture<R> result(int index);

    /** Completes with the final status once every task has an outcome. */
    CompletableFuture<JobStatus> completion();

    /** The job's counts as the grid holds them now (asks the cluster). */
    JobStatus status();
}
