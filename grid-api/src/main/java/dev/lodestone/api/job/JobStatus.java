package dev.lodestone.api.job;

import java.util.List;

/**
 * A durable job's counts as the grid holds them now.
 *
 * <pre>{@code
 * JobStatus s = grid.job("scores-1k3f9").status();
 * System.out.printf("%s: %d/%d done, %d failed, %d lost%n", s.state(), s.succeeded() + s.failed(), s.total(),
 *         s.failed(), s.lost());
 * }</pre>
 *
 * @param id        the job id
 * @param name      the name it was submitted under
 * @param state     where it stands
 * @param total     how many tasks it has
 * @param pending   tasks waiting to run (queued, or backing off before another attempt)
 * @param running   tasks running now
 * @param succeeded tasks that returned a result
 * @param failed    tasks that failed for good
 * @param lost      tasks lost because every replica of their partition died
 * @param rerun     finished tasks that needed more than one attempt
 * @param failures  the failed tasks, by index
 * @param lostTasks the indexes of the lost tasks
 */
public record JobStatus(String id, String name, JobState state, int total, int pending, int running, int succeeded,
                        int failed, int lost, int rerun, List<TaskFailure> failures, List<Integer> lostTasks) {

    /** Copies the lists. */
    public JobStatus {
        failures = List.copyOf(failures);
        lostTasks = List.copyOf(lostTasks);
    }

    /** Tasks that have an outcome: succeeded, failed or lost. */
    public int finished() {
        return succeeded + failed + lost;
    }
}
