package dev.lodestone.samples.recommend;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;

/**
 * Drops a run's side data from a member's {@link MemberCache}; broadcast when the run ends.
 *
 * @param run the run
 */
public record ForgetRun(String run) implements Task<Boolean> {

    @Override
    public Boolean run(TaskContext ctx) {
        MemberCache.forget(run);
        return Boolean.TRUE;
    }
}
