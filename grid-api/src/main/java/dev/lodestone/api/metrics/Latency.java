package dev.lodestone.api.metrics;

/**
 * Percentiles of one latency (queue wait, run time or end-to-end time), in microseconds, from an
 * HdrHistogram with three significant digits.
 *
 * <pre>{@code
 * Latency wait = grid.metrics().cluster(Priority.HIGH).queueWait();
 * System.out.printf("p99 %d us over %d tasks%n", wait.p99Micros(), wait.count());
 * }</pre>
 *
 * @param count      how many values were recorded
 * @param p50Micros  median
 * @param p90Micros  90th percentile
 * @param p99Micros  99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros  largest value recorded
 */
public record Latency(long count, long p50Micros, long p90Micros, long p99Micros, long p999Micros, long maxMicros) {

    /** Nothing recorded. */
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

    /** Checks the values. */
    public Latency {
        if (count < 0 || p50Micros < 0 || p90Micros < 0 || p99Micros < 0 || p999Micros < 0 || maxMicros < 0) {
            throw new IllegalArgumentException("latency figures must not be negative");
        }
    }
}
