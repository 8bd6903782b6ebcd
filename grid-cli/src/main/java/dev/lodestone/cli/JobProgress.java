package dev.lodestone.cli;

import dev.lodestone.api.job.JobHandle;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shows a job's progress while {@code grid job <id> --wait} waits: a bar redrawn in place on a terminal, a plain
 * line a second otherwise (logs, CI). Counts the job's results as they arrive (each task's future completes once),
 * the rate over the last interval, and the time left at that rate.
 *
 * <p>THREADING: the count is updated by whatever thread completes a result; {@link #waitShowing} runs on the caller's.
 */
final class JobProgress {

    private static final int BAR = 30;
    private static final long INTERVAL_MILLIS = 1_000;

    private final JobHandle<?> job;
    private final PrintStream out;
    private final boolean terminal;
    private final AtomicInteger done = new AtomicInteger();

    JobProgress(JobHandle<?> job, PrintStream out, boolean terminal) {
        this.job = job;
        this.out = out;
        this.terminal = terminal;
        for (int i = 0; i < job.size(); i++) {
            job.result(i).whenComplete((v, e) -> done.incrementAndGet());
        }
    }

    /** Waits for the job to finish, showing its progress every second. */
    void waitShowing() throws InterruptedException {
        long start = System.nanoTime();
        long lastAt = start;
        int lastDone = done.get();
        while (true) {
            try {
                job.completion().get(INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
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
        show(line(done.get(), job.size(), done.get() / Math.max(1e-9, seconds), terminal));
        if (terminal) {
            out.println();
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
