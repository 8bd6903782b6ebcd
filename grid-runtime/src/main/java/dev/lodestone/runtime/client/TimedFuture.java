package dev.lodestone.runtime.client;

import dev.lodestone.runtime.metrics.ClientMetrics;
import dev.lodestone.scheduler.InFlightLimit;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A task's result future that records, when it completes, the task's end-to-end time (from its creation in
 * {@code submit} to completion) and its outcome in the client's {@link ClientMetrics}.
 *
 * <p>Concurrency: a result, a timeout, a cancel and a closing grid may race to complete the future. The first
 * to claim it records and then completes; the others do nothing, as {@link CompletableFuture} would. The claim
 * comes before the completion, so anyone who sees the future done (a {@code join()} that returned) also sees
 * it counted. The claim's lock is never held while dependent stages run.
 *
 * <p>THREADING: thread-safe; completed from submitting threads, link readers and the client's timer.
 *
 * <pre>{@code
 * CompletableFuture<R> f = new TimedFuture<>(metrics, Priority.HIGH.ordinal());
 * f.complete(value);   // counts one HIGH task succeeded and records its end-to-end time
 * }</pre>
 */
class TimedFuture<R> extends CompletableFuture<R> {

    private final ClientMetrics metrics;
    private final int level;
    private final long startNanos = System.nanoTime();
    private boolean claimed; // guarded by this
    /** Room this task holds under the client's in-flight bound, given back when it completes; guarded by this. */
    private InFlightLimit room;

    TimedFuture(ClientMetrics metrics, int level) {
        this.metrics = metrics;
        this.level = level;
    }

    /**
     * The task holds one unit of room under {@code limit} until it completes. Cheaper than a
     * {@code whenComplete} stage per task: no extra node and lambda for every task in flight.
     */
    void holdRoom(InFlightLimit limit) {
        boolean done;
        synchronized (this) {
            done = claimed || isDone();
            if (!done) {
                room = limit;
            }
        }
        if (done) {
            limit.release(1);
        }
    }

    private boolean claim(Throwable error) {
        long now = System.nanoTime();
        InFlightLimit held;
        synchronized (this) {
            if (claimed || isDone()) {
                return false;
            }
            claimed = true;
            held = room;
            room = null;
        }
        metrics.completed(level, now - startNanos, error);
        if (held != null) {
            held.release(1);
        }
        return true;
    }

    @Override
    public boolean complete(R value) {
        return claim(null) && super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        return claim(ex) && super.completeExceptionally(ex);
    }

    /**
     * Cancels with {@link #cancellation()} rather than the fresh {@link CancellationException} (and its stack
     * trace) {@link CompletableFuture#cancel} would make; {@link #isCancelled()} is true after it all the same.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        CancellationException e = cancellation();
        return claim(e) && super.completeExceptionally(e);
    }

    /** The exception a cancelled future holds; subclasses name their task. */
    CancellationException cancellation() {
        return new CancellationException();
    }
}
