package dev.lodestone.runtime.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency, in microseconds: recorded by any number of threads, read as the total since start and as
 * intervals (since the previous {@link #takeInterval()}).
 *
 * <p>THREADING: {@link #recordNanos} is wait-free from any thread (an HdrHistogram {@link Recorder});
 * {@link #total()} and {@link #takeInterval()} are synchronized: each first moves what was recorded since the
 * last harvest into both running sums, so the two views are built from the same samples, none lost or counted
 * twice.
 *
 * <pre>{@code
 * LatencyRecorder wait = new LatencyRecorder();
 * wait.recordNanos(System.nanoTime() - arrivalNanos);
 * long p99 = wait.total().getValueAtPercentile(99);
 * }</pre>
 */
public final class LatencyRecorder {

    /** Significant decimal digits of every Lodestone histogram: values are exact to 0.1 %. */
    public static final int DIGITS = 3;

    private final Recorder recorder = new Recorder(DIGITS);
    private final Histogram total = newHistogram();
    private final Histogram sinceInterval = newHistogram();
    private Histogram recycle;

    /** An empty, auto-resizing histogram with {@link #DIGITS} significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(DIGITS);
    }

    /** Records a duration given in nanoseconds, as whole microseconds; a negative duration counts as 0. */
    public void recordNanos(long nanos) {
        recorder.recordValue(Math.max(0, nanos / 1_000));
    }

    /** A copy of everything recorded since this recorder was made. */
    public synchronized Histogram total() {
        harvest();
        return total.copy();
    }

    /** What was recorded since the previous call (or since start), and starts a new interval. */
    public synchronized Histogram takeInterval() {
        harvest();
        Histogram h = sinceInterval.copy();
        sinceInterval.reset();
        return h;
    }

    private void harvest() {
        recycle = recorder.getIntervalHistogram(recycle);
        total.add(recycle);
        sinceInterval.add(recycle);
    }
}
