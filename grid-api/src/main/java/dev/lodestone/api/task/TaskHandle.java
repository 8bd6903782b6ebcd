package dev.lodestone.api.task;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A submitted task: its id, its result to come, and the way to cancel it.
 *
 * <pre>{@code
 * TaskHandle<Integer> h = grid.submit(new LineLength(7), SubmitOptions.affinity("lines", 7));
 * int length = h.result().get(10, TimeUnit.SECONDS);
 * System.out.println(h.id() + " ran on " + h.executedOn().orElse("?"));
 * }</pre>
 *
 * <p>THREADING: safe to use from any thread.
 *
 * @param <R> the result type
 */
public interface TaskHandle<R> {

    /** The task's grid-wide id. */
    TaskId id();

    /**
     * The result. Completes normally with the task's return value, or exceptionally with a
     * {@link TaskFailedException} (the task threw), {@link TaskTimeoutException},
     * {@link TaskRejectedException} or {@link java.util.concurrent.CancellationException}.
     * Dependent stages added without an executor run on a Lodestone I/O thread: keep them short.
     */
    CompletableFuture<R> result();

    /** The name of the member that ran the task, once the result has arrived. */
    Optional<String> executedOn();

    /**
     * Cancels the task: if it has not started it never will; if it is running, the task sees
     * {@link TaskContext#isCancelled()} and its worker is interrupted.
     *
     * @return true if this call cancelled the future, false if it had already completed
     */
    boolean cancel();
}
