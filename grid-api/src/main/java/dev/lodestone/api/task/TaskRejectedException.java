package dev.lodestone.api.task;

import dev.lodestone.api.GridException;

/**
 * The grid refused a task before running it: its class is not registered or cannot be serialized,
 * a queue is full, or no member can take it. Nothing was run; resubmitting after fixing the cause
 * is safe.
 *
 * <pre>{@code
 * try {
 *     grid.submit(new Unregistered());
 * } catch (TaskRejectedException e) {
 *     // "task class com.example.Unregistered is not registered with Lodestone's serializer ..."
 * }
 * }</pre>
 */
public class TaskRejectedException extends GridException {

    private static final long serialVersionUID = 1L;

    /** @param message what was refused and why */
    public TaskRejectedException(String message) {
        super(message);
    }

    /**
     * @param message what was refused and why
     * @param cause   the underlying error
     */
    public TaskRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
