package dev.lodestone.scheduler;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A submitter's bound on tasks in flight (submitted, not yet answered): the client-side half of
 * backpressure. A blocking submit waits for room, up to a timeout, first come first served; an
 * asynchronous submit takes room only if there is some now.
 *
 * <pre>{@code
 * InFlightLimit limit = new InFlightLimit(100_000);
 * if (!limit.acquire(1, TimeUnit.SECONDS.toNanos(30))) {
 *     throw new TaskRejectedException(limit.describe() + "; waited 30 s");
 * }
 * future.whenComplete((r, e) -> limit.release(1));
 * }</pre>
 *
 * <p>Why a fair semaphore: a submitter blocked for room for a batch of 1,000 must not be overtaken for
 * ever by callers that need one slot each.
 *
 * <p>THREADING: thread-safe.
 */
public final class InFlightLimit {

    private final int limit;
    private final Semaphore room;

    /** At most {@code limit} tasks in flight; {@code limit >= 1}. */
    public InFlightLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("in-flight limit must be >= 1, got " + limit);
        }
        this.limit = limit;
        this.room = new Semaphore(limit, true);
    }

    /**
     * Takes room for {@code n} tasks, waiting up to {@code timeoutNanos}.
     *
     * @return false when there was no room in time
     * @throws IllegalArgumentException when {@code n} is not in {@code 1..limit()}: such a batch could never fit
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean acquire(int n, long timeoutNanos) throws InterruptedException {
        check(n);
        return room.tryAcquire(n, Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    /** Takes room for {@code n} tasks only if there is room now; never waits, never queues behind waiters. */
    public boolean tryAcquire(int n) {
        check(n);
        return room.tryAcquire(n);
    }

    /** Gives back room for {@code n} answered tasks. */
    public void release(int n) {
        room.release(n);
    }

    /** The bound. */
    public int limit() {
        return limit;
    }

    /** Tasks in flight now. */
    public int inFlight() {
        return limit - room.availablePermits();
    }

    /** "N of LIMIT tasks in flight", for rejection messages. */
    public String describe() {
        return inFlight() + " of " + limit + " tasks in flight";
    }

    private void check(int n) {
        if (n < 1 || n > limit) {
            throw new IllegalArgumentException("room for " + n + " tasks asked, the limit is " + limit);
        }
    }
}
