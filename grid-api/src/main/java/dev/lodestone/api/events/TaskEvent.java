package dev.lodestone.api.events;

import dev.lodestone.api.task.Priority;
import dev.lodestone.api.task.TaskId;

/**
 * One step of one task, published by the member where it happened when the member's {@code events.tasks} setting is
 * on. A task's events from one member arrive in the order they happened.
 *
 * <pre>{@code
 * grid.events().taskEvents().subscribe(e -> {
 *     TaskEvent t = e.payload();
 *     System.out.println(t.taskId() + " " + t.kind() + " on " + t.member() + " (attempt " + t.attempt() + ")");
 * });
 * }</pre>
 *
 * @param taskId   the task (null for {@link TaskEventKind#EVENTS_DROPPED})
 * @param jobId    the durable job or trigger it belongs to, or null
 * @param kind     what happened
 * @param priority its priority
 * @param member   the member where it happened
 * @param attempt  the attempt
 * @param atMillis when (epoch ms, that member's clock)
 * @param dropped  for {@link TaskEventKind#EVENTS_DROPPED}: how many events that member left out; else 0
 */
public record TaskEvent(TaskId taskId, String jobId, TaskEventKind kind, Priority priority, String member, int attempt,
                        long atMillis, long dropped) {
}
