package dev.lodestone.bench;

import dev.lodestone.api.Grid;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.TaskHandle;
import dev.lodestone.bench.tasks.Ran;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Submits tasks at a fixed rate for a while and records each one's end-to-end latency, from the moment it was
 * <em>meant</em> to be sent to the moment its result arrived, in microseconds. Measuring from the intended send
 * time avoids coordinated omission: if the sender falls behind, the tasks it sends late are charged for the wait.
 *
 * <pre>{@code
 * FixedRateStream.Sent sent = new FixedRateStream(grid, 50, () -> Submission.of(task, highOptions)).send(Duration.ofSeconds(10));
 * long queued = ...;                      // look at the grid while the last ones are in flight
 * Histogram micros = sent.await(Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>The requests are Lodestone tasks, or anything whose answer is a {@link CompletionStage} (the latency benchmark's
 * raw Hazelcast baseline).
 *
 * <p>THREADING: {@link #send} runs on the calling thread; latencies are recorded by the client's threads that
 * complete the futures, into a {@link Recorder} (wait-free for them); {@link Sent#await} reads it once all are
 * done.
 */
final class FixedRateStream {

    /**
     * The shortest the sender sleeps when it is ahead. At hundreds of thousands of tasks a second the next task is
     * due in a microsecond or two, and a park that short returns at once from a futex call: the loop spun through
     * system calls and took half a core of the two the grid runs on. Sleeping at least this long sends what fell due
     * in one burst instead; each task is still timed from its own intended send time, so the wait is charged to it.
     * Property {@code lodestone.bench.min.park.us} (0: park exactly as long as the next task is ahead, as before).
     */
    static final long MIN_PARK_NANOS = Long.getLong("lodestone.bench.min.park.us", 100) * 1_000L;

    private final long periodNanos;
    private final Supplier<? extends CompletionStage<?>> sender;

    /**
     * A stream of Lodestone tasks.
     *
     * @param perSecond tasks per second
     * @param next      makes the next task to send
     */
    FixedRateStream(Grid grid, double perSecond, Supplier<? extends Submission<?>> next) {
        this(perSecond, () -> {
            Submission<?> s = next.get();
            TaskHandle<?> h = grid.submit(s.task(), s.options());
            return h.result();
        });
    }

    /**
     * A stream of any requests, such as a baseline's.
     *
     * @param perSecond requests per second
     * @param sender    sends the next request; its stage completes with the answer
     */
    FixedRateStream(double perSecond, Supplier<? extends CompletionStage<?>> sender) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0, got " + perSecond);
        }
        this.periodNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.sender = sender;
    }

    /**
     * The tasks of one stream, in flight or done. Only counts are kept, not the tasks' futures: at 100,000 tasks a
     * second, holding every future until the end made the bench JVM's live set grow by tens of MB a second, and its
     * collections copy that live set while the stream runs, adding pauses that are the harness's, not the grid's.
     */
    static final class Sent {
        private final Recorder micros = new Recorder(3);
        private final Recorder runMicros = new Recorder(3);
        private final LongAdder failed = new LongAdder();
        /** How late each request was sent, in microseconds; written by the sending thread only. */
        private final Histogram lateMicros = new Histogram(3);
        /** Sent and not answered yet, plus one while sending goes on, so that it reaches 0 only at the very end. */
        private final AtomicLong open = new AtomicLong(1);
        private final CompletableFuture<Void> allAnswered = new CompletableFuture<>();
        private int count;

        /** How many were sent. */
        int count() {
            return count;
        }

        private void answered() {
            if (open.decrementAndGet() == 0) {
                allAnswered.complete(null);
            }
        }

        /**
         * Wall-clock run times on the members, in microseconds, of the tasks that report theirs (bench tasks
         * returning {@link Ran}); read after {@link #await}. The part of end-to-end time spent running, so the
         * rest is queueing and transport.
         */
        Histogram runMicros() {
            return runMicros.getIntervalHistogram();
        }

        /**
         * How late the sender was, request by request, in microseconds: past the intended time when it began to send
         * it. Read after {@link #send} returned. A tail here is the sending thread's (descheduled, or slower than the
         * rate), not the grid's, though each request's latency includes it.
         */
        Histogram lateMicros() {
            return lateMicros;
        }

        /** How many ended without a result (failed, timed out, cancelled); counted, not in the histogram. */
        long failed() {
            return failed.sum();
        }

        /**
         * Waits until every task has its answer.
         *
         * @return the latencies, in microseconds, of those that succeeded
         * @throws BenchException when some have no answer after {@code timeout}
         */
        Histogram await(Duration timeout) {
            try {
                allAnswered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // never completed exceptionally
            } catch (TimeoutException e) {
                throw new BenchException(open.get() + " of " + count + " tasks of the fixed-rate stream had no answer after "
                        + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for the fixed-rate stream", e);
            }
            // the callbacks recorded before they counted themselves answered: every value is in the recorder
            return micros.getIntervalHistogram();
        }
    }

    /** Sends one task every 1/rate seconds for {@code window}; returns when the last one is sent. */
    Sent send(Duration window) {
        Sent sent = new Sent();
        long start = System.nanoTime();
        long end = start + window.toNanos();
        for (long i = 0; ; i++) {
            long intended = start + i * periodNanos;
            if (intended - end >= 0) {
                break;
            }
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.max(wait, MIN_PARK_NANOS));
            }
            sent.open.incrementAndGet();
            sent.lateMicros.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
            CompletionStage<?> answer = sender.get();
            sent.count++;
            answer.whenComplete((r, e) -> {
                long now = System.nanoTime();
                if (e == null) {
                    sent.micros.recordValue(Math.max(0, (now - intended) / 1_000));
                    if (r instanceof Ran ran) {
                        sent.runMicros.recordValue(Math.max(0, ran.wallNanos() / 1_000));
                    }
                } else {
                    sent.failed.increment();
                }
                sent.answered();
            });
        }
        sent.answered(); // sending is over
        return sent;
    }
}
