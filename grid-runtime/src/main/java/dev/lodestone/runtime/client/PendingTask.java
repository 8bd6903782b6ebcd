package dev.lodestone.runtime.client;

import dev.lodestone.api.task.SubmitOptions;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.api.task.TaskId;
import dev.lodestone.scheduler.InFlightLimit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A task this client submitted and has no final answer for yet; also the user's {@link TaskHandle}.
 * Keeps the encoded task so it can be routed again (wrong owner, member gone) without the user's
 * object.
 *
 * <p>THREADING: {@code target}, {@code attempt}, {@code routeTries} and {@code executedOn} are
 * written by whichever thread routes or completes the task and read by others: volatile. The
 * future is the only completion point, so a late duplicate answer is ignored.
 */
final class PendingTask<R> implements TaskHandle<R> {

    final TaskId id;
    final long seq;
    final byte[] payload;
    final SubmitOptions options;
    final int partition;
    final String mapName;
    final UUID pinnedMember;
    final long deadlineNanos;
    final TimedFuture<R> future;
    volatile MemberLink target;
    volatile int attempt = 1;
    volatile int routeTries;
    volatile long routingSince;
    volatile String executedOn;
    volatile ScheduledFuture<?> timeout;

    PendingTask(GridClient client, TaskId id, byte[] payload, SubmitOptions options, int partition, UUID pinnedMember) {
        this.id = id;
        this.seq = id.sequence();
        this.payload = payload;
        this.options = options;
        this.partition = partition;
        this.mapName = options.affinity() == null ? null : options.affinity().mapName();
        this.pinnedMember = pinnedMember;
        this.deadlineNanos = options.timeout() == null ? 0 : System.nanoTime() + options.timeout().toNanos();
        this.future = new TimedFuture<>(client.clientMetrics(), options.priority().ordinal()) {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean done = super.cancel(mayInterruptIfRunning);
                if (done) {
                    client.sendCancel(PendingTask.this);
                }
                return done;
            }

            @Override
            CancellationException cancellation() {
                return new TaskCancelled(id, null);
            }
        };
    }

    /** This task holds one unit of room under {@code limit} until its future completes. */
    void holdRoom(InFlightLimit limit) {
        future.holdRoom(limit);
    }

    @Override
    public TaskId id() {
        return id;
    }

    @Override
    public CompletableFuture<R> result() {
        return future;
    }

    @Override
    public Optional<String> executedOn() {
        return Optional.ofNullable(executedOn);
    }

    @Override
    public boolean cancel() {
        return future.cancel(true);
    }

    /** Milliseconds left before the timeout, at least 1; 0 when there is no timeout. */
    long remainingMillis() {
        if (deadlineNanos == 0) {
            return 0;
        }
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    @Override
    public String toString() {
        return "task " + id;
    }
}
