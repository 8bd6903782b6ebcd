package dev.lodestone.bench.tasks;

import dev.lodestone.api.task.Task;
import dev.lodestone.api.task.TaskContext;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps its worker busy until it is cancelled: the scale benchmark occupies every worker of a member with these, so
 * the tasks it submits next stay queued while it weighs them. Cancelling the handle (or closing the client that
 * submitted it) interrupts the worker, which unparks it; nothing sleeps or polls. {@code maxMillis} bounds the hold,
 * so a lost cancel cannot keep a member busy for ever.
 *
 * <pre>{@code
 * TaskHandle<Boolean> h = grid.submit(new Hold(600_000), SubmitOptions.partition(p));
 * ...                 // the worker is busy until
 * h.cancel();         // its result is then a CancellationException
 * }</pre>
 *
 * @param maxMillis the longest it holds its worker
 */
public record Hold(long maxMillis) implements Task<Boolean> {

    /** Holds the worker; true when cancelled, false when {@code maxMillis} ran out first. */
    @Override
    public Boolean run(TaskContext ctx) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        while (!ctx.isCancelled()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left); // a cancel interrupts the worker, which returns from park
        }
        return true;
    }
}
