package dev.lodestone.bench;

import dev.lodestone.api.Grid;
import dev.lodestone.api.task.Submission;
import dev.lodestone.api.task.TaskHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Submitting and collecting many tasks: {@code submitAll} in chunks, waiting with a bound, timing a job to its
 * last result, cancelling a backlog.
 *
 * <pre>{@code
 * Jobs.Job<Ran> job = Jobs.submit(grid, 10_000, i -> Submission.of(new Spin(1_000_000), SubmitOptions.defaults()));
 * List<Ran> results = job.results(Duration.ofMinutes(5));
 * double seconds = job.seconds();
 * }</pre>
 *
 * <p>THREADING: a {@link Job} is filled by the thread that submits it; its completion times are recorded by the
 * client's threads that complete the futures.
 */
final class Jobs {

    /** Tasks per {@code submitAll}: large enough for few messages, small enough to start sending early. */
    static final int CHUNK = 5_000;

    private Jobs() {
    }

    /** Tasks submitted together, with the time of the first submit and of the last completion. */
    static final class Job<R> {
        private final List<TaskHandle<R>> handles;
        private final long startNanos;
        private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

        private Job(List<TaskHandle<R>> handles, long startNanos) {
            this.handles = handles;
            this.startNanos = startNanos;
        }

        List<TaskHandle<R>> handles() {
            return handles;
        }

        /**
         * Waits for every result.
         *
         * @throws BenchException when a task failed or results are missing after {@code timeout}
         */
        List<R> results(Duration timeout) {
            await(timeout);
            List<R> out = new ArrayList<>(handles.size());
            for (TaskHandle<R> h : handles) {
                out.add(h.result().join());
            }
            return out;
        }

        /** Waits for every result, then returns the seconds from the first submit to the last result. */
        double seconds(Duration timeout) {
            await(timeout);
            return (lastNanos.get() - startNanos) / 1e9;
        }

        /** Tasks that completed with a result so far. */
        long succeeded() {
            return handles.stream().filter(h -> h.result().isDone() && !h.result().isCompletedExceptionally()).count();
        }

        /** Cancels every task not yet finished: queued ones never run. */
        void cancel() {
            for (TaskHandle<R> h : handles) {
                h.cancel();
            }
        }

        private void await(Duration timeout) {
            CompletableFuture<?>[] all = handles.stream().map(TaskHandle::result).toArray(CompletableFuture<?>[]::new);
            try {
                CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new BenchException("a task of the benchmark failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                long left = handles.stream().filter(h -> !h.result().isDone()).count();
                throw new BenchException(left + " of " + handles.size() + " tasks had no result after " + timeout.toSeconds()
                        + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for results", e);
            }
        }
    }

    /**
     * Submits {@code count} tasks made by {@code task}, {@link #CHUNK} per {@code submitAll}, and notes each one's
     * completion time.
     */
    static <R> Job<R> submit(Grid grid, int count, IntFunction<Submission<R>> task) {
        List<TaskHandle<R>> handles = new ArrayList<>(count);
        long start = System.nanoTime();
        Job<R> job = new Job<>(handles, start);
        List<Submission<R>> chunk = new ArrayList<>(Math.min(count, CHUNK));
        for (int i = 0; i < count; i++) {
            chunk.add(task.apply(i));
            if (chunk.size() == CHUNK || i == count - 1) {
                for (TaskHandle<R> h : grid.submitAll(chunk)) {
                    // handle, not whenComplete: a whenComplete stage of a cancelled future completes with a new
                    // CompletionException and its stack trace, and cancelling a 200,000-task backlog made as many
                    h.result().handle((r, e) -> {
                        long now = System.nanoTime();
                        job.lastNanos.accumulateAndGet(now, Math::max);
                        return null;
                    });
                    handles.add(h);
                }
                chunk.clear();
            }
        }
        return job;
    }
}
