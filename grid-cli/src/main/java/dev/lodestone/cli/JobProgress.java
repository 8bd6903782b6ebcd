package dev.lodestone.cli;

import dev.lodestone.api.Grid;
import dev.lodestone.api.events.JobEvent;
import dev.lodestone.api.events.JobEventKind;
import dev.lodestone.api.events.SubscribeOptions;
import dev.lodestone.api.events.Subscription;
import dev.lodestone.api.job.JobHandle;
import dev.lodestone.api.job.JobState;
import dev.lodestone.api.job.JobStatus;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shows a job's progress while {@code grid job <id> --wait} waits: a bar redrawn in place on a terminal, a plain
 * line a second otherwise (logs, CI). The counts come from the job's events on the bus (PROGRESS from the members
 * that run its tasks, FINISHED once at the end), starting from the job's status when the wait begins; the rate is
 * over the last interval, and the time left is at that rate. The wait ends at the FINISHED event, or when every
 * result of the job's handle is in, whichever comes first.
 *
 * <p>THREADING: the counts are updated by the subscription's thread; {@link #waitShowing} runs on the caller's.
 */
final class JobProgress {

    private static final int BAR = 30;
    private static final long INTERVAL_MILLIS = 1_000;

    private final Grid grid;
    private final JobHandle<?> job;
    private final PrintStream out;
    private final boolean terminal;
    private final AtomicInteger done = new AtomicInteger();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    JobProgress(Grid grid, JobHandle<?> job, PrintStream out, boolean terminal) {
        this.grid = grid;
        this.job = job;
        this.out = out;
        this.terminal = terminal;
    }

    /** Waits for the job to finish, showing its progress every second. */
    void waitShowing() throws InterruptedException {
        String id = job.id();
        // subscribe before reading the status, so that no step falls between the two
        Subscription events = grid.events().jobEvents().subscribe(e -> seen(e.payload()), SubscribeOptions.defaults(),
                j -> id.equals(j.jobId()));
        try {
            JobStatus s = job.status();
            done.accumulateAndGet(s.succeeded() + s.failed() + s.lost(), Math::max);
            if (s.state() != JobState.RUNNING) {
                finished.complete(null);
            }
            job.completion().whenComplete((v, e) -> finished.complete(null));
            long start = System.nanoTime();
            int startDone = done.get();
            long lastAt = start;
            int lastDone = startDone;
            while (true) {
                try {
                    finished.get(INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    long now = System.nanoTime();
                    int d = done.get();
                    double rate = (d - lastDone) / Math.max(1e-9, (now - lastAt) / 1e9);
                    show(line(d, job.size(), rate, terminal));
                    lastAt = now;
                    lastDone = d;
                } catch (java.util.concurrent.ExecutionException e) {
                    break; // the caller reports how it ended
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int d = Math.max(done.get(), job.completion().isDone() ? job.size() : 0);
            show(line(d, job.size(), (d - startDone) / Math.max(1e-9, seconds), terminal));
            if (terminal) {
                out.println();
            }
        } finally {
            events.close();
        }
    }

    private void seen(JobEvent e) {
        done.accumulateAndGet(e.done(), Math::max);
        if (e.kind() == JobEventKind.FINISHED) {
            finished.complete(null);
        }
    }

    private void show(String line) {
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** One progress line: done of total, percent, rate and the time left at that rate; with a bar on a terminal. */
    static String line(int done, int total, double ratePerSecond, boolean bar) {
        double fraction = total == 0 ? 1 : (double) done / total;
        String eta = done >= total ? "done" : ratePerSecond <= 0 ? "ETA unknown"
                : "ETA " + formatSeconds((total - done) / ratePerSecond);
        String counts = String.format(Locale.ROOT, "%d/%d tasks (%d%%), %.0f tasks/s, %s", done, total, (int) (fraction * 100),
                ratePerSecond, eta);
        if (!bar) {
            return "progress: " + counts;
        }
        int filled = (int) Math.round(fraction * BAR);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + counts;
    }

    private static String formatSeconds(double s) {
        long secs = (long) Math.ceil(s);
        return secs < 60 ? secs + " s" : secs / 60 + " min " + secs % 60 + " s";
    }
}
