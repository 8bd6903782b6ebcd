package dev.lodestone.api.task;

import dev.lodestone.api.GridException;

/**
 * A durable task was lost: every member holding a replica of its partition died before it finished, so
 * the grid no longer has it. Nothing was silently dropped: the task id says which.
 *
 * <pre>{@code
 * job.result(i).exceptionally(e -> { if (e.getCause() instanceof TaskLostException l) resubmit(l.taskId()); return null; });
 * }</pre>
 */
public final class TaskLostException extends GridException {

    private static final long serialVersionUID = 1L;

    private final TaskId taskId;

    /**
     * @param taskId    the lost task
     * @param partition its partition
     */
    public TaskLostException(TaskId taskId, int partition) {
        super("task " + taskId + " was lost: every replica of partition " + partition
                + " died before it finished (raise the backup count to survive more failures)");
        this.taskId = taskId;
    }

    /** The lost task. */
    public TaskId taskId() {
        return taskId;
    }
}
