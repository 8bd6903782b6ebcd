package dev.lodestone.api.events;

import dev.lodestone.api.task.TaskId;

/**
 * The outcome of one task, for subscribers other than its submitter ({@link EventBus#results()}).
 *
 * <p>A durable task's outcome is published once, after the grid stored it: a re-run after failover never follows an
 * attempt that succeeded. A plain task's outcome is published by the member that ran it; should its member die after
 * publishing and before answering, the submitter runs it again, and subscriptions drop the second success of a task
 * id they already delivered.
 *
 * <pre>{@code
 * grid.events().results().subscribe(e -> {
 *     TaskResult r = e.payload();
 *     if (r.succeeded()) cache.put(r.taskId(), r.value());
 * });
 * }</pre>
 *
 * @param taskId    the task
 * @param jobId     the durable job or trigger it belongs to, or null
 * @param member    the member that ran it
 * @param attempt   the attempt that produced this outcome
 * @param succeeded whether it returned a value
 * @param value     what it returned (null when it failed, or returned null)
 * @param error     why it failed (null when it succeeded)
 */
public record TaskResult(TaskId taskId, String jobId, String member, int attempt, boolean succeeded, Object value,
                         String error) {
}
