package dev.lodestone.api.task;

import dev.lodestone.api.GridException;
import java.time.Duration;

/**
 * A task did not finish within its timeout. If it had not started it never will; if it was running
 * it has been cancelled.
 *
 * <pre>{@code
 * grid.submit(task, SubmitOptions.defaults().withTimeout(Duration.ofSeconds(1)))
 *     .result().exceptionally(e -> e.getCause() instanceof TaskTimeoutException ? fallback : null);
 * }</pre>
 */
public class TaskTimeoutException extends GridException {

    private static final long serialVersionUID = 1L;

    private final TaskId taskId;

    /**
     * @param taskId  the task
     * @param timeout its timeout
     * @param where   what was happening when the time ran out
     */
    public TaskTimeoutException(TaskId taskId, Duration timeout, String where) {
        super("task " + taskId + " exceeded its timeout of " + timeout.toMillis() + " ms " + where);
        this.taskId = taskId;
    }

    /** The task that timed out. */
    public TaskId taskId() {
        return taskId;
    }
}
