package dev.lodestone.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop load: keeps exactly {@code window} requests in flight, sending the next one from the callback that
 * completes the previous one, and measures the completions and their {@link CpuMeter cost} over a window of time
 * after a ramp-up. Both sides of a benchmark run through it with their own {@link Sender}, so they are driven the same
 * way: one request per completion, sent on the thread that completed it (for Lodestone a task link's reader thread,
 * for Hazelcast the client thread that completes its future), with no hand-off to a driver thread.
 *
 * <pre>{@code
 * ClosedLoop.Result r = ClosedLoop.run(n -> grid.submitAsync(new Noop(k(n)), opts(k(n))).result(), 64,
 *         Duration.ofSeconds(1), Duration.ofSeconds(5), meter, Duration.ofMinutes(1));
 * System.out.println(r.perSecond() + " tasks/s, " + r.cost().cpuMicrosPer(r.completed()) + " us CPU each");
 * }</pre>
 *
 * <p>THREADING: {@link #run} blocks the calling thread; the first {@code window} sends go from a starter thread, the
 * rest from whichever threads complete the requests. A request that completes within its own send (an immediate
 * refusal) is followed by a loop on that thread, not by recursion, so the stack stays flat. The first failure stops
 * the loop and fails the run.
 */
final class ClosedLoop {

    /** Sends request number {@code n}; its stage completes with the answer. */
    @FunctionalInterface
    interface Sender {
        CompletionStage<?> send(long n);
    }

    /**
     * What the measured window saw.
     *
     * @param completed requests answered in it
     * @param seconds   its length
     * @param cost      what the measured JVMs and the machine spent in it
     */
    record Result(long completed, double seconds, CpuMeter.Cost cost) {

        /** Requests answered per second. */
        double perSecond() {
            return seconds <= 0 ? Double.NaN : completed / seconds;
        }
    }

    private final Sender sender;
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder completed = new LongAdder();
    private final AtomicInteger inFlight;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** Per thread: {in a send loop (1/0), sends owed}. */
    private final ThreadLocal<int[]> trampoline = ThreadLocal.withInitial(() -> new int[2]);
    private volatile boolean stopping;

    private ClosedLoop(Sender sender, int window) {
        this.sender = sender;
        this.inFlight = new AtomicInteger(window);
    }

    /**
     * Runs the loop: {@code window} requests in flight for {@code ramp + measure}; the figures are those of
     * {@code measure}. Returns once every request has its answer.
     *
     * @throws BenchException when a request failed, or some had no answer {@code drainTimeout} after the end
     */
    static Result run(Sender sender, int window, Duration ramp, Duration measure, CpuMeter meter, Duration drainTimeout) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        ClosedLoop loop = new ClosedLoop(sender, window);
        // The first sends go from a thread of their own: if answers came within their sends, the thread that sends
        // first would keep sending until the loop stops, and this one must stay free to measure and stop it.
        Thread starter = new Thread(() -> {
            for (int i = 0; i < window; i++) {
                loop.next();
            }
        }, "lodestone-bench-closed-loop-start");
        starter.setDaemon(true);
        starter.start();
        park(ramp);
        CpuMeter.Sample before = meter.sample();
        long doneBefore = loop.completed.sum();
        long start = System.nanoTime();
        park(measure);
        long doneAfter = loop.completed.sum();
        long end = System.nanoTime();
        CpuMeter.Sample after = meter.sample();
        loop.stopping = true;
        loop.awaitDrained(drainTimeout);
        join(starter, drainTimeout);
        Throwable f = loop.failure.get();
        if (f != null) {
            throw new BenchException("a request of the closed loop (" + window + " in flight) failed: " + f, f);
        }
        return new Result(doneAfter - doneBefore, (end - start) / 1e9, after.since(before));
    }

    /** Sends the next request, or (when stopping) retires a slot; loops instead of recursing on this thread. */
    private void next() {
        int[] t = trampoline.get();
        t[1]++;
        if (t[0] == 1) {
            return; // this thread is in the loop below already: it sends this one when the current send returns
        }
        t[0] = 1;
        try {
            while (t[1] > 0) {
                t[1]--;
                sendOne();
            }
        } finally {
            t[0] = 0;
        }
    }

    private void sendOne() {
        if (stopping) {
            if (inFlight.decrementAndGet() == 0) {
                drained.complete(null);
            }
            return;
        }
        CompletionStage<?> answer;
        try {
            answer = sender.send(sequence.getAndIncrement());
        } catch (RuntimeException e) {
            fail(e);
            next();
            return;
        }
        answer.whenComplete((r, e) -> {
            if (e != null) {
                fail(e);
            } else {
                completed.increment();
            }
            next();
        });
    }

    private void fail(Throwable e) {
        failure.compareAndSet(null, e);
        stopping = true;
    }

    private void awaitDrained(Duration timeout) {
        try {
            drained.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BenchException(inFlight.get() + " requests of the closed loop had no answer " + timeout.toSeconds()
                    + " s after it stopped");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // never completed exceptionally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while the closed loop drained", e);
        }
    }

    private static void join(Thread t, Duration timeout) {
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while the closed loop drained", e);
        }
    }

    /** Waits out {@code d} on the wall clock (the loop runs on other threads meanwhile). */
    static void park(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                throw new BenchException("interrupted while the load ran");
            }
        }
    }
}
