package dev.lodestone.runtime.job;

import dev.lodestone.api.job.TaskFailure;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.runtime.transport.Wire;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The counts of one job's (or one trigger's) task entries, from their {@link TaskSummary summaries}: what a job's
 * status and a trigger's status both report.
 *
 * @param pending   entries waiting to run
 * @param running   entries running
 * @param succeeded entries DONE with a result
 * @param failures  entries DONE without one, by index
 * @param rerun     DONE entries that needed more than one attempt
 */
public record SummaryCounts(int pending, int running, int succeeded, List<TaskFailure> failures, int rerun) {

    /** Counts the summaries of job (or trigger) number {@code number}. */
    public static SummaryCounts of(long number, Collection<TaskSummary> summaries) {
        int pending = 0;
        int running = 0;
        int ok = 0;
        int again = 0;
        List<TaskFailure> failures = new ArrayList<>();
        for (TaskSummary s : summaries) {
            switch (s.state()) {
                case StoredTask.PENDING -> pending++;
                case StoredTask.RUNNING -> running++;
                default -> {
                    if (s.attempt() > 1) {
                        again++;
                    }
                    if (s.outcome() == Wire.OK) {
                        ok++;
                    } else {
                        failures.add(new TaskFailure(s.index(), new TaskId(number, s.index()), s.attempt(), s.runner(), s.failure()));
                    }
                }
            }
        }
        failures.sort(Comparator.comparingInt(TaskFailure::index));
        return new SummaryCounts(pending, running, ok, List.copyOf(failures), again);
    }
}
