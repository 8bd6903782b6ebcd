package dev.lodestone.api.job;

import dev.lodestone.api.task.TaskId;

/**
 * A task of a durable job that failed for good: its last error and how many times it ran.
 *
 * <pre>{@code
 * for (TaskFailure f : grid.job(id).status().failures()) {
 *     System.out.println("task " + f.index() + " failed " + f.attempts() + " times on " + f.member() + ": " + f.message());
 * }
 * }</pre>
 *
 * @param index    the task's position in the job
 * @param taskId   the task's id
 * @param attempts how many attempts it had
 * @param member   the member of the last attempt
 * @param message  the last error: the remote exception's type and message
 */
public record TaskFailure(int index, TaskId taskId, int attempts, String member, String message) {
}
